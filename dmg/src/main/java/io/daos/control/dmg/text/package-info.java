/**
 * Text the way the v1.0 {@code dmg} writes it: host lists (parsing, ranged sets, expansion to
 * addresses), tables, entities, host-group renderings and byte sizes.
 */
package io.daos.control.dmg.text;

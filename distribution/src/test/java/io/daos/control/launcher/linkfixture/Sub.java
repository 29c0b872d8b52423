package io.daos.control.launcher.linkfixture;

/** ArchiveLinkerTest's class whose superclass its bundle lacks. */
public class Sub extends Base {
}

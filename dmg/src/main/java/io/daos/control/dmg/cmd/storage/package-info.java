/**
 * The {@code storage} and {@code network} commands of {@code dmg} (SPEC-SYSTEM §6.6.3, §6.6.4):
 * {@link io.daos.control.dmg.cmd.storage.StorageCommands#register} adds their bodies.
 *
 * <p>Routing: {@code storage scan|format|prepare}, {@code storage query nvme-health} and
 * {@code network scan|list} go to every active connection at once (format with the 120-minute
 * deadline, network scan with 10 s); the other queries and {@code storage set nvme-faulty} go to
 * the single target. Scan and format results are grouped by host with the port dropped, so hosts
 * with equal results print as one {@code 127.0.0.[1-3]} row or block; a host whose call failed is
 * grouped under its error. {@code storage format} draws {@code Formatting: <done>/<total> hosts}
 * on stderr while it waits, only when stdout is a terminal and not with {@code -j} ({@link
 * io.daos.control.dmg.cmd.storage.Progress}). Where the reference exits 0 after a failure these
 * commands exit 1 after the same output (the README, section dmg, lists each).
 *
 * <p>With {@code -j} each command prints one JSON document instead of its text:
 * <ul>
 * <li>multi-host commands: {@code {"hosts":[{"address":"h:p", ...}]}}, a failed host carrying only
 * {@code "error"}; scan and nvme-health: {@code "scm":{"state","namespaces":[{blockdev,uuid,numa_node,size}],
 * "modules":[{physical_id,socket_id,controller_id,channel_id,channel_slot,capacity}]},
 * "nvme":{"state","controllers":[{pci_address,model,serial,fw_revision,socket_id,capacity}]}}, nvme-health
 * adding each controller's {@code "health"} (null, or its counters and warning flags: docs/dmg.md);
 * format: {@code "scm":[{mount,state}],"nvme":[{pci_address,state}]}; prepare: {@code "nvme":{state}},
 * {@code "scm":{state}} as requested; network scan: top-level {@code "provider"} and per host
 * {@code "interfaces":[{fabric_iface,provider,pinned_numa_node}]}; network list: {@code "providers"};
 * a {@code state} is {@code {"status":"CTL_SUCCESS","error":"","info":""}}; sizes in bytes.</li>
 * <li>single-target commands: {@code {"address":"h:p","status":n, ...}} or {@code "error"}:
 * blobstore-health {@code dev_uuid, read_errors, write_errors, unmap_errors, checksum_errors,
 * error_log_entries, media_errors, temperature} and the {@code *_warning} booleans; smd
 * {@code {"address":..,"devices":{"status":n,"devices":[{uuid,target_ids}]},
 * "pools":{"status":n,"pools":[{uuid,target_ids,blobs}]}}}, a part that was not asked for absent and a
 * failed part {@code {"error":..}}; device-state and nvme-faulty
 * {@code dev_uuid, dev_state} (without the data plane's trailing newline).</li>
 * </ul>
 */
package io.daos.control.dmg.cmd.storage;

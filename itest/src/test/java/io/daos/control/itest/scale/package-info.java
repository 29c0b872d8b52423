/**
 * Scale-test support: simulated storage hosts in the test JVM (issue 13).
 *
 * <p>{@link io.daos.control.itest.scale.SimHost} is one host: a gRPC server on its own loopback
 * port answering the harness's PingRanks, PrepShutdownRanks, StopRanks and StartRanks for a few
 * emulated ranks, which can be switched to hang (take calls, never answer) or die (port closed).
 * {@link io.daos.control.itest.scale.SimFleet} starts many of them on one shared NIO event loop
 * group and executor (four threads for any number of hosts) and joins every rank through a real
 * access point, so that the access point's fanout reaches them as it would real hosts:
 *
 * <pre>
 * try (SimFleet fleet = SimFleet.start(1024, 2, node.port(), 120_000)) {
 *     fleet.setMode(SimHost.Mode.HUNG, 5);   // 5% of the hosts never answer
 *     ... ctl.MgmtCtl/SystemQuery, SystemStop, SystemStart on the node ...
 * }
 * </pre>
 *
 * {@link io.daos.control.itest.scale.SimFleetIT} runs the fixture against one real node;
 * {@link io.daos.control.itest.scale.FanoutScaleIT} drives the node's SystemQuery, SystemStop and
 * SystemStart over a fleet grown to 1,024 hosts, with and without hung ones.
 * {@link io.daos.control.itest.scale.ScaleCalls} makes those calls, timed, and checks their
 * answers against the fleet; {@link io.daos.control.itest.scale.ProcStats} samples a process's
 * threads and descriptors ({@code io.daos.control.itest.bench.FanoutBench} uses all three).
 */
package io.daos.control.itest.scale;

package io.daos.control.engine;

import java.nio.file.Path;
import java.util.List;

/** What the emulated I/O server knows about itself at run time (not persisted). */
public record Node(String uri, int nctxs, int targets, List<Devices.Device> devices, Path scmMount) {
}

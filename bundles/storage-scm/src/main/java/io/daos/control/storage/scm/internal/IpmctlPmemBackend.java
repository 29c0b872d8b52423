package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

import io.daos.control.api.storage.ScmModule;
import io.daos.control.jna.LibIpmctl;
import io.daos.control.jna.LibraryNotInstalledException;

/**
 * The real PMem backend: modules through libipmctl ({@link LibIpmctl}, loaded on the first
 * discovery; calls serialised since the library is not thread-safe), tools as child processes
 * ({@link Tools}).
 */
final class IpmctlPmemBackend implements PmemBackend {

    private static final Object LIBRARY_LOCK = new Object();

    @Override
    public List<ScmModule> discoverModules() throws IOException, LibraryNotInstalledException {
        LibIpmctl lib = LibIpmctl.load();
        synchronized (LIBRARY_LOCK) {
            IntByReference countRef = new IntByReference(0);
            int rc = lib.nvm_get_number_of_devices(countRef);
            int count = countRef.getValue();
            if (LibIpmctl.isNoModules(rc, count)) {
                return List.of();
            }
            if (rc != LibIpmctl.NVM_SUCCESS) {
                throw discoveryError("get_number_of_devices", rc);
            }
            if (count < 0 || count > LibIpmctl.MAX_DEVICES) {
                throw new IOException("get_number_of_devices: unexpected count " + Integer.toUnsignedString(count));
            }
            Memory buf = LibIpmctl.DeviceDiscovery.allocate(count);
            rc = lib.nvm_get_devices(buf, (byte) count);
            if (rc != LibIpmctl.NVM_SUCCESS) {
                throw discoveryError("get_devices", rc);
            }
            List<ScmModule> modules = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                LibIpmctl.DeviceDiscovery d = LibIpmctl.DeviceDiscovery.read(buf, i);
                modules.add(new ScmModule(d.channelId(), d.channelPosition(), d.controllerId(), d.socketId(),
                        d.physicalId(), d.capacity()));
            }
            return modules;
        }
    }

    /**
     * {@code <call>: rc=<n>} as the reference reports it; for {@code NVM_ERR_INVALID_PERMISSIONS}
     * (what a non-root caller gets) the text also says that PMem discovery needs root, which the
     * reference leaves to its privileged helper.
     */
    static IOException discoveryError(String call, int rc) {
        String text = call + ": rc=" + rc;
        if (rc == LibIpmctl.NVM_ERR_INVALID_PERMISSIONS) {
            text += " (permission denied: PMem module discovery must run as root)";
        }
        return new IOException(text);
    }

    @Override
    public boolean hasCommand(String name) {
        return Tools.find(name).isPresent();
    }

    @Override
    public String run(List<String> argv, long timeoutSeconds) throws IOException {
        return Tools.run(argv, argv.get(0) + ": command not found", timeoutSeconds);
    }
}

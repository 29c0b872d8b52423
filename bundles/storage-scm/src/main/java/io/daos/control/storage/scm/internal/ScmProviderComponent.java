package io.daos.control.storage.scm.internal;

import org.osgi.service.component.annotations.Component;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.ScmMountUsage;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/**
 * The {@link ScmProvider} backed by libc and libipmctl (JNA) and the ndctl/ipmctl tools.
 * Published as an OSGi service by DS, and found by {@link java.util.ServiceLoader} outside OSGi
 * (the {@code daos_server storage} commands): the public no-arg constructor is all either needs;
 * native libraries load on first use. Holds no threads or sockets; the first SCM scan is cached
 * for the life of the instance.
 */
@Component(service = ScmProvider.class, immediate = true)
public final class ScmProviderComponent implements ScmProvider {

    private final ScmProviderImpl impl;

    /** A provider over the real backends (nothing is loaded or run until a method is called). */
    public ScmProviderComponent() {
        this.impl = new ScmProviderImpl(new JnaScmBackend(), new IpmctlPmemBackend());
    }

    @Override
    public void checkRequest(IOServerConfig config) throws StorageException {
        impl.checkRequest(config);
    }

    @Override
    public ScmState check(IOServerConfig config) throws StorageException {
        return impl.check(config);
    }

    @Override
    public ScmState format(IOServerConfig config) throws StorageException {
        return impl.format(config);
    }

    @Override
    public void mount(IOServerConfig config) throws StorageException {
        impl.mount(config);
    }

    @Override
    public boolean isMounted(String target) throws StorageException {
        return impl.isMounted(target);
    }

    @Override
    public ScmMountUsage usage(IOServerConfig config) throws StorageException {
        return impl.usage(config);
    }

    @Override
    public ScmScan scan() throws StorageException {
        return impl.scan();
    }

    @Override
    public ScmPrepareResult prepare(boolean reset) throws StorageException {
        return impl.prepare(reset);
    }
}

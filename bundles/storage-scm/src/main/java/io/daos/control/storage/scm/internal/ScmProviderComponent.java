package io.daos.control.storage.scm.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/** Publishes the {@link ScmProvider} backed by libc (JNA). Holds no threads or sockets. */
@Component(service = ScmProvider.class, immediate = true)
public final class ScmProviderComponent implements ScmProvider {

    private volatile ScmProviderImpl impl;

    @Activate
    void activate() {
        impl = new ScmProviderImpl(new JnaScmBackend());
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
    public io.daos.control.api.storage.ScmScan scan() throws StorageException {
        return impl.scan();
    }

    @Override
    public io.daos.control.api.storage.ScmPrepareResult prepare(boolean reset) throws StorageException {
        return impl.prepare(reset);
    }

    @Override
    public boolean isMounted(String target) throws StorageException {
        return impl.isMounted(target);
    }
}

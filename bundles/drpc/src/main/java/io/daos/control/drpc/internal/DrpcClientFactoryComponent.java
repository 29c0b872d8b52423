package io.daos.control.drpc.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.daos.control.api.drpc.DrpcClient;
import io.daos.control.api.drpc.DrpcClientFactory;
import io.daos.control.drpc.DrpcClientImpl;

/**
 * Publishes {@link DrpcClientFactory}. Clients still open when the component goes away (bundle
 * stop) are closed so no socket outlives the bundle.
 */
@Component(service = DrpcClientFactory.class)
public final class DrpcClientFactoryComponent implements DrpcClientFactory {

    private final Set<DrpcClientImpl> open = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Override
    public DrpcClient open(Path socket) {
        DrpcClientImpl c = new DrpcClientImpl(socket);
        open.add(c);
        return c;
    }

    @Deactivate
    void deactivate() {
        List<DrpcClientImpl> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        all.forEach(DrpcClientImpl::close);
    }
}

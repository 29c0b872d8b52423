package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.ServiceLoader;

import org.junit.Test;

import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevProvider;

/** The CLI finds the provider with java.util.ServiceLoader, without OSGi. */
public class ServiceLoaderTest {

    @Test
    public void providerFoundAndUsableWithoutActivation() throws Exception {
        List<BdevProvider> all = ServiceLoader.load(BdevProvider.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(1, all.size());
        assertTrue(all.get(0) instanceof BdevProviderComponent);
        // a real scan works right away (this host: no NVMe, or whatever it has)
        all.get(0).scan(BdevFilter.ALL);
    }
}

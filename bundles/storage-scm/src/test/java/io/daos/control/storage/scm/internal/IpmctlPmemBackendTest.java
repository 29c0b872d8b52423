package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class IpmctlPmemBackendTest {

    @Test
    public void discoveryErrorsKeepTheReferenceFormat() {
        assertEquals("get_devices: rc=267", IpmctlPmemBackend.discoveryError("get_devices", 267).getMessage());
    }

    @Test
    public void aNonRootCallerIsToldThatDiscoveryNeedsRoot() {
        assertEquals("get_number_of_devices: rc=268 (permission denied: PMem module discovery must run as root)",
                IpmctlPmemBackend.discoveryError("get_number_of_devices", 268).getMessage());
    }
}

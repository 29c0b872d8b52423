package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class XmlWarmupTest {

    @Test
    public void parsesTheWholeDescriptorWithTheJdksSaxParser() {
        assertEquals("component, property, service, provide, reference, implementation", 6, XmlWarmup.run());
    }
}

package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.logging.Level;

import org.junit.Test;

/**
 * Issue 10, point 9: control_log_mask was ignored. The mask mapping; applying it (and
 * control_log_file, control_log_json) is tested in BundleLoggingTest, end to end in ControlLogIT.
 */
public class ControlLogTest {

    @Test
    public void point9MaskMapsToJulLevels() {
        assertEquals(Level.SEVERE, ControlLog.level("ERROR"));
        assertEquals(Level.WARNING, ControlLog.level("warn"));
        assertEquals(Level.INFO, ControlLog.level("Info"));
        assertEquals(Level.FINE, ControlLog.level("DEBUG"));
        assertNull("DISABLED changes nothing", ControlLog.level("DISABLED"));
        assertNull(ControlLog.level(null));
        assertEquals("ERROR", ControlLog.maskName(Level.SEVERE));
        assertEquals("WARN", ControlLog.maskName(Level.WARNING));
        assertEquals("INFO", ControlLog.maskName(Level.INFO));
        assertEquals("DEBUG", ControlLog.maskName(Level.FINEST));
    }
}

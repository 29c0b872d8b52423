package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;

public class OutputTest {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private Output output(ZoneId zone) {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.123456Z"), zone);
        return new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), clock);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void infoOnStdoutErrorOnStderrWithOneNewline() {
        Output o = output(ZoneOffset.UTC);
        o.info("hello");
        o.info("two\n");
        o.error("bad");
        assertEquals("hello\ntwo\n", out());
        assertEquals("ERROR: bad\n", err());
    }

    @Test
    public void debugOnlyWithDebugAndWithTimeAndSource() {
        Output o = output(ZoneOffset.UTC);
        o.debug("hidden");
        assertEquals("", out());
        o.enableDebug();
        o.debug("shown");
        String[] lines = out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0], lines[0].matches("DEBUG 03:04:05\\.123456 \\w+\\.java:\\d+: debug output enabled"));
        assertTrue(lines[1], lines[1].matches("DEBUG 03:04:05\\.123456 OutputTest\\.java:\\d+: shown"));
    }

    @Test
    public void jsonLinesOnTheSameStreams() {
        Output o = output(ZoneOffset.UTC);
        o.enableJson();
        o.info("hello \"you\" <&>");
        o.error("bad\tthing");
        assertEquals("{\"level\":\"INFO\",\"time\":\"2026-01-02T03:04:05Z\","
                + "\"message\":\"hello \\\"you\\\" \\u003c\\u0026\\u003e\"}\n", out());
        assertEquals("{\"level\":\"ERROR\",\"time\":\"2026-01-02T03:04:05Z\",\"message\":\"bad\\tthing\"}\n", err());
    }

    @Test
    public void jsonTimeCarriesTheZoneOffsetAndDebugMicroseconds() {
        Output o = output(ZoneOffset.ofHours(2));
        o.enableJson();
        o.info("x");
        o.enableDebug();
        String[] lines = out().split("\n");
        assertEquals("{\"level\":\"INFO\",\"time\":\"2026-01-02T05:04:05+0200\",\"message\":\"x\"}", lines[0]);
        assertTrue(lines[1], lines[1].matches("\\{\"level\":\"DEBUG\",\"time\":\"2026-01-02T05:04:05\\.123456\\+0200\","
                + "\"source\":\"\\w+\\.java:\\d+\",\"message\":\"debug output enabled\"}"));
    }

    @Test
    public void documentIsPrintedAsGivenEvenInJsonMode() {
        Output o = output(ZoneOffset.UTC);
        o.enableJson();
        o.document("{\"members\":[]}");
        assertEquals("{\"members\":[]}\n", out());
    }

    @Test
    public void fatalPrintsProgramNameAndTheResolutionOfAFaultCause() {
        Output o = output(ZoneOffset.UTC);
        Fault f = Faults.byCode(Faults.CODE_CLIENT_CONFIG_BAD_ACCESS_POINTS).orElseThrow();
        o.fatal(new FaultException(f).withContext("processing config file"));
        assertEquals("ERROR: dmg: processing config file: client: code = 528 description = \"invalid list of access "
                + "points in configuration\"\nERROR: dmg: client: code = 528 resolution = \"only a single access point "
                + "is currently supported, specify only one and retry the client application\"\n", err());
    }

    @Test
    public void fatalWithoutFaultOrWithoutResolutionIsOneLine() {
        Output o = output(ZoneOffset.UTC);
        o.fatal(new DmgException("no active connections"));
        o.fatal(new FaultException(new Fault("system", 424, "system member with given rank doesn't exists", "")));
        assertEquals("ERROR: dmg: no active connections\nERROR: dmg: system: code = 424 description = \"system "
                + "member with given rank doesn't exists\"\n", err());
    }
}

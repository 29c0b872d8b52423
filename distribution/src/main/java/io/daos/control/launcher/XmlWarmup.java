package io.daos.control.launcher;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Start-up time: parses one small component descriptor with the JDK's SAX parser on the
 * launcher's log-setup thread, while the main thread initialises Felix. Felix SCR reads every
 * bundle's {@code OSGI-INF/*.xml} with that parser on the start-level thread, the path to the
 * control port; the first parse of a JVM pays for the parser's look-up and its classes'
 * initialisation (~20 ms there). Done here, on the other core, the start-level thread finds the
 * parser ready. Nothing depends on it: a failure is only a warm-up that did not happen.
 */
final class XmlWarmup {

    /** A descriptor of the shape SCR reads (namespace, component, implementation, service, reference). */
    static final String DESCRIPTOR = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="warmup" immediate="true"
                activate="activate">
              <property name="p" type="String" value="v"/>
              <service><provide interface="java.lang.Runnable"/></service>
              <reference name="r" cardinality="0..1" policy="dynamic" interface="java.lang.Runnable"
                  bind="bind" unbind="unbind"/>
              <implementation class="warmup.Warmup"/>
            </scr:component>
            """;

    private XmlWarmup() {
    }

    /** The number of elements parsed (6), or -1 when the parser failed. */
    static int run() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            SAXParser parser = factory.newSAXParser();
            int[] elements = {0};
            parser.parse(new ByteArrayInputStream(DESCRIPTOR.getBytes(StandardCharsets.UTF_8)), new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    elements[0]++;
                }
            });
            return elements[0];
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }
}

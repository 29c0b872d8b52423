package io.daos.control.dmg.cmd;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The -j document writer: commas, nesting, escaping, and what a JSON parser reads back. */
public class JsonWriterTest {

    @Test
    public void commasBetweenSiblingsOnly() {
        String doc = new JsonWriter().beginObject().field("a", 1).name("b").beginArray().value("x").value(2)
                .beginObject().endObject().beginArray().endArray().endArray().field("c", true)
                .field("d", (String) null).endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",2,{},[]],\"c\":true,\"d\":null}", doc);
    }

    @Test
    public void stringsAreEscapedAndParseBack() {
        String s = "quote\" back\\ nl\n <tag> \u0001";
        JsonObject o = JsonParser.parseString(new JsonWriter().beginObject().field("s", s).endObject().toString())
                .getAsJsonObject();
        assertEquals(s, o.get("s").getAsString());
    }

    @Test
    public void unsignedNumbersAndNulls() {
        String doc = new JsonWriter().beginObject().unsignedField("u", -1L).name("a").beginArray().unsignedValue(7)
                .nullValue().value((String) null).endArray().field("s", -1L).endObject().toString();
        assertEquals("{\"u\":18446744073709551615,\"a\":[7,null,null],\"s\":-1}", doc);
    }

    @Test
    public void emptyObject() {
        assertEquals("{}", new JsonWriter().beginObject().endObject().toString());
    }
}

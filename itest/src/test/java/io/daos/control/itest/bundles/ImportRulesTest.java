package io.daos.control.itest.bundles;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class ImportRulesTest {

    @Test
    public void headerParsingKeepsQuotedCommasAndSharedClauses() {
        assertEquals(List.of("io.daos.control.api.drpc", "io.grpc", "io.grpc.stub", "org.osgi.framework"),
                ImportRules.packages("io.daos.control.api.drpc;version=\"[1.0,2)\",io.grpc;io.grpc.stub;"
                        + "version=\"[1.85,2)\";resolution:=optional, org.osgi.framework"));
        assertEquals(List.of(), ImportRules.packages(null));
        assertEquals(List.of(), ImportRules.packages(" "));
    }

    @Test
    public void anotherBundlesImplementationPackageIsAViolation() {
        List<String> imports = List.of("io.daos.control.api.drpc", "io.daos.control.proto.mgmt",
                "io.daos.control.jna", "io.daos.control.drpc", "io.daos.control.harness.internal", "io.grpc");
        assertEquals(List.of("io.daos.control.drpc"),
                ImportRules.violations("io.daos.control.harness", List.of(), imports));
    }

    @Test
    public void ownAndExportedPackagesAreAllowed() {
        assertEquals(List.of(), ImportRules.violations("io.daos.control.drpc", List.of(),
                List.of("io.daos.control.drpc", "io.daos.control.drpc.internal")));
        assertEquals(List.of(), ImportRules.violations("io.daos.control.example.echo",
                List.of("io.daos.control.example.echo.proto"), List.of("io.daos.control.example.echo.proto")));
        // a prefix that is not a package boundary does not count as own
        assertEquals(List.of("io.daos.control.apix"),
                ImportRules.violations("io.daos.control.other", List.of(), List.of("io.daos.control.apix")));
    }
}

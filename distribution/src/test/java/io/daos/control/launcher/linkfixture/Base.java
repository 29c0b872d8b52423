package io.daos.control.launcher.linkfixture;

/** ArchiveLinkerTest's superclass of {@link Sub}, whose copy in the test bundle names another one. */
public class Base {
}

package io.daos.control.launcher.linkfixture;

/** ArchiveLinkerTest's class: its static initialiser says whether it ran. */
public final class Initialised {

    public static final String PROPERTY = "archive.linker.fixture.initialised";

    static {
        System.setProperty(PROPERTY, "true");
    }

    private int field;

    private Initialised() {
    }

    public int field() {
        return field;
    }
}

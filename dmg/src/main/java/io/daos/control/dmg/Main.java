package io.daos.control.dmg;

/** The entry point of {@code bin/dmg}. STUB of the lead: the command-line helper fills it in. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("ERROR: dmg: not implemented yet");
        System.exit(1);
    }
}

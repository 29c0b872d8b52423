package io.daos.control.dmg.cmd.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.daos.control.dmg.cli.Output;

/**
 * The yes/no question of {@code storage prepare} without {@code --force}, read from the output's
 * stdin the way the reference read it (Go {@code fmt.Scanln} of one word): {@code yes} consents,
 * {@code no} refuses, another single word asks again after
 * {@code Please type yes or no and then press enter:}; an empty line, a line of several words or
 * the end of input is an input error ({@code Error reading input: unexpected newline},
 * {@code ... expected newline}, {@code ... EOF} on stderr) and refuses.
 */
final class Consent {

    static final String QUESTION = "Are you sure you want to continue? (yes/no)\n";
    static final String AGAIN = "Please type yes or no and then press enter:";

    private Consent() {
    }

    /** Asks on {@code out} until answered; whether consent was given. */
    static boolean ask(Output out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(out.in(), StandardCharsets.UTF_8));
        while (true) {
            out.info(QUESTION);
            String line = in.readLine();
            String problem = null;
            String word = null;
            if (line == null) {
                problem = "EOF";
            } else if (line.isBlank()) {
                problem = "unexpected newline";
            } else {
                String[] words = line.strip().split("\\s+");
                if (words.length > 1) {
                    problem = "expected newline";
                } else {
                    word = words[0];
                }
            }
            if (problem != null) {
                out.error("Error reading input: " + problem + "\n");
                return false;
            }
            if (word.equals("no")) {
                return false;
            }
            if (word.equals("yes")) {
                return true;
            }
            out.info(AGAIN);
        }
    }
}

package io.daos.control.api.config;

/** The {@code scm_class} of an I/O server (SPEC-SERVER §1.4). */
public enum ScmClass {
    /** Key absent: fails validation with {@code scm_class not set}. */
    NONE(""),
    /** Intel Optane DC persistent memory ({@code scm_list} names the namespace device). */
    DCPM("dcpm"),
    /** tmpfs of {@code scm_size} GiB. */
    RAM("ram");

    private final String yaml;

    ScmClass(String yaml) {
        this.yaml = yaml;
    }

    /** The value as written in the YAML file ({@code ""} for {@link #NONE}). */
    public String yamlName() {
        return yaml;
    }

    @Override
    public String toString() {
        return yaml;
    }
}

package io.github.dbn4j.backend.nd4j;

/**
 * ND4J logs a banner of about a dozen INFO lines when it loads (the backend, the BLAS vendor, the
 * threads, the build). An application that logs at INFO would get them from a library it only
 * embeds, so dbn4j turns them off with ND4J's own switch, the system property {@value #PROPERTY},
 * before ND4J loads, unless the application has set that property itself:
 * {@code -Dorg.nd4j.log.initialization=true} brings the banner back.
 */
final class Nd4jStartup {

    static final String PROPERTY = "org.nd4j.log.initialization";

    private Nd4jStartup() {
    }

    /** Called before anything of ND4J loads; does nothing once the property is set. */
    static void quiet() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }
}

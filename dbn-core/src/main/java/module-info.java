/**
 * The algorithms of dbn4j on the tensor SPI: RBMs, DBNs, their training, data and model files.
 * Every package is exported but {@code io.github.dbn4j.core.internal}, whose helpers are not API.
 */
module io.github.dbn4j.core {
    requires transitive io.github.dbn4j.api;
    requires transitive jakarta.inject;
    requires org.slf4j;

    exports io.github.dbn4j.core;
    exports io.github.dbn4j.core.data;
    exports io.github.dbn4j.core.dbn;
    exports io.github.dbn4j.core.inject;
    exports io.github.dbn4j.core.io;
    exports io.github.dbn4j.core.optim;
    exports io.github.dbn4j.core.pipeline;
    exports io.github.dbn4j.core.rbm;
    exports io.github.dbn4j.core.vae;
}

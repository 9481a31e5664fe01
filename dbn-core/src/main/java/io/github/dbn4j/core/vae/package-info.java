/**
 * Variational autoencoders (Kingma and Welling, 2014) with an optional inverse autoregressive
 * flow (Kingma et al., 2016), written on the same tensor SPI as the RBMs and DBNs: a dense
 * Gaussian encoder, a Bernoulli decoder, the reparameterisation trick, back-propagation written
 * out by hand, Adam, and the test log-likelihood by importance sampling (Burda et al., 2016).
 */
package io.github.dbn4j.core.vae;

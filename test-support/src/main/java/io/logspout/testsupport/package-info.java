/**
 * Shared fixtures for the integration tests of every module: real containers on the private
 * Docker engine that {@code scripts/test.sh} starts ({@link io.logspout.testsupport.DockerHost}),
 * real TCP and UDP receivers on loopback ({@link io.logspout.testsupport.TcpSink},
 * {@link io.logspout.testsupport.UdpSink}), an engine restart
 * ({@link io.logspout.testsupport.DockerHost#restartEngine()}), HTTP clients and sockets that time
 * out ({@link io.logspout.testsupport.TestClients}) and waiting with a deadline instead of
 * sleeping ({@link io.logspout.testsupport.Await}); and for the unit tests of adapter factories,
 * the one fake of the core's adapter context ({@link io.logspout.testsupport.FakeAdapterContext}).
 *
 * <p>Nothing here skips a test: a missing engine is a failure that says how to run the tests.
 * The jar also carries the {@code logback-test.xml} of every module's tests (quiet libraries);
 * the parent pom gives every test JUnit's timeout and every test JVM a fork timeout.
 */
package io.logspout.testsupport;

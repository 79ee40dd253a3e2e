package io.logspout.testsupport;

/**
 * What {@code docker logs} returns for a container: its standard output and standard error,
 * each as one text with its line ends. A TTY container has everything in {@code stdout}.
 */
public record ContainerLogs(String stdout, String stderr) {
}

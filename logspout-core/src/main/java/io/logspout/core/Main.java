package io.logspout.core;

public final class Main {
    public static void main(String[] args) {
        System.out.println("skeleton");
    }
}

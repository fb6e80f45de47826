package io.friendchat.server;

public final class Main {
    public static void main(String[] args) {
    }
}

package org.networkbroker.cli;

public class NetworkBrokerCommand {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}

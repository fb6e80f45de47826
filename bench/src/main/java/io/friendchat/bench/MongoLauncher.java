package io.friendchat.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Starts the in-process MongoDB wire-compatible server (memory backend) on 127.0.0.1:PORT, for
 * benchmarks of the Mongo store on machines where no real mongod can be installed. It measures
 * mongo-java-server's memory backend, not MongoDB. Usage: {@code MongoLauncher PORT}.
 */
public final class MongoLauncher {
    private MongoLauncher() {}

    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-java-server listening on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }
}

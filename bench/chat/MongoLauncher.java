// Starts the in-process MongoDB wire-compatible server (memory backend) on a port, for benchmarks
// of the Mongo store on machines where no real mongod can be installed. Usage: MongoLauncher PORT
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

public class MongoLauncher {
    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-java-server listening on " + args[0]);
        Thread.currentThread().join();
    }
}

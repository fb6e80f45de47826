// Reference peer for the FriendChat benchmark: the same job as
// io.friendchat.bench.SocketIoBenchServer, on the official socket.io@4 server.
//
// Contract (identical for every server the generator drives):
//   - a client connects to the main namespace with the handshake query room=NAME and is
//     joined to that room before its CONNECT packet is answered;
//   - each `msg` event is broadcast to the sender's room, sender included, encoded once;
//   - GET /stats?gc=1 answers {"heapUsed":bytes,"rss":bytes,"sockets":n} after a full GC
//     (node is started with --expose-gc), so idle memory can be read without a profiler.
// Options match ours: permessage-deflate off, maxPayload 1e6, pingInterval 25 s, pingTimeout 20 s.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 3001);

const httpServer = http.createServer((req, res) => {
  if (req.url.startsWith("/stats")) {
    if (req.url.includes("gc=1") && typeof global.gc === "function") {
      global.gc();
    }
    const mem = process.memoryUsage();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ heapUsed: mem.heapUsed, rss: mem.rss, sockets: io.of("/").sockets.size }));
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(httpServer, {
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 1e6,
  pingInterval: 25000,
  pingTimeout: 20000,
  serveClient: false,
});

// The ack-echo ceiling for bench/chat/send.sh: message:send is acknowledged at once with a
// message-shaped object of about the size FriendChat's ack has, with no auth and no storage.
let echoSeq = 0;

io.on("connection", (socket) => {
  socket.on("message:send", (payload, ack) => {
    if (typeof ack === "function") {
      ack({ message: { ...payload, seq: ++echoSeq, kind: "text", createdAt: new Date().toISOString() } });
    }
  });
  const room = socket.handshake.query.room;
  if (typeof room === "string" && room.length > 0) {
    socket.join(room);
    socket.on("msg", (data) => {
      io.to(room).emit("msg", data);
    });
  }
});

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`node-peer socket.io ${require("socket.io/package.json").version} listening on 127.0.0.1:${port} pid ${process.pid}`);
});

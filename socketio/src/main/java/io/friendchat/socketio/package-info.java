/**
 * Engine.IO v4 and Socket.IO v5 server on Jetty 12, independent of any application.
 *
 * <p>Start from {@link io.friendchat.socketio.SocketIoServer} (construction and mounting), then
 * {@link io.friendchat.socketio.Namespace} (middleware, connection handlers, broadcast) and
 * {@link io.friendchat.socketio.Socket} (events, acks, rooms). Rooms and broadcast sit behind
 * {@link io.friendchat.socketio.Adapter}, so a multi-node adapter can replace the in-memory one.
 *
 * <p>Layers, bottom up: {@code EngineServlet} checks requests and hands WebSocket upgrades to
 * Jetty; {@code EngineSession} runs one Engine.IO session (polling, WebSocket, upgrade,
 * heartbeat, bounded outbound queue); {@code Client} decodes Socket.IO packets of one session
 * and routes them to its sockets.
 */
package io.friendchat.socketio;

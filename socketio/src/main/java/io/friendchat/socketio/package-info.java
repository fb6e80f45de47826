/** Engine.IO v4 and Socket.IO v5 server on Jetty 12. */
package io.friendchat.socketio;

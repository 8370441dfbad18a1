import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The model server of the gateway benchmark: an HTTP/1.1 keep-alive server on loopback that
 * answers every POST with a fixed JSON prediction, optionally after a delay. It does as little
 * as a server can, so that what the benchmark measures is the gateway, not the backend.
 *
 * <pre>java releng/bench/gateway/Backend.java PORT [delayMicros] [json|chat]</pre>
 * {@code chat}: the answer is an OpenAI chat completion, for an {@code openai-chat} backend.
 *
 * One virtual thread per connection; the request body is read (by Content-Length) and dropped.
 */
public final class Backend {
    private static final String JSON = "{\"prediction\":0.42,\"label\":\"stay\",\"model\":\"bench\"}";
    private static final String CHAT = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Your order ships on Monday; the tracking number is in your account.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":14,\"total_tokens\":26}}";

    private static byte[] response(String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return concat(head, b);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long delayNanos = args.length > 1 ? Long.parseLong(args[1]) * 1000 : 0;
        byte[] answer = response(args.length > 2 && args[2].equals("chat") ? CHAT : JSON);
        try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
            System.out.println("backend listening on 127.0.0.1:" + port);
            while (true) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s, delayNanos, answer));
            }
        }
    }

    private static void serve(Socket s, long delayNanos, byte[] answer) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
                OutputStream out = s.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            while (true) {
                // Request line and headers: only Content-Length and Connection matter here.
                long length = 0;
                boolean close = false;
                boolean first = true;
                while (true) {
                    if (!readLine(in, line)) return;
                    if (line.isEmpty()) {
                        if (first) continue; // stray CRLF between requests
                        break;
                    }
                    first = false;
                    String h = line.toString().toLowerCase(Locale.ROOT);
                    if (h.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
                    else if (h.startsWith("connection:") && h.contains("close")) close = true;
                }
                in.skipNBytes(length); // EOFException if the client went away mid-body
                if (delayNanos > 0) LockSupport.parkNanos(delayNanos);
                out.write(answer);
                out.flush();
                if (close) return;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away: nothing to do.
        }
    }

    private static boolean readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                return true;
            }
            line.append((char) c);
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

# Answers 200 to any GET on 127.0.0.1:<port>: the trivial "service" of the Aspire floor benchmark.
import http.server
import sys


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"Healthy")

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()

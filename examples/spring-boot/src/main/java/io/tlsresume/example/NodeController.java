package io.tlsresume.example;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers with the node that served the request and whether its TLS connection resumed a
 * session: tlsresume sets both as request attributes on Tomcat and on Jetty.
 */
@RestController
public class NodeController {

    /** One line: {@code node=<nodeId> resumed=<true|false> protocol=<TLS version>}. */
    @GetMapping("/")
    public String node(HttpServletRequest request) {
        return "node=" + request.getAttribute("io.tlsresume.node")
                + " resumed=" + request.getAttribute("io.tlsresume.resumed")
                + " protocol=" + request.getAttribute("jakarta.servlet.request.secure_protocol")
                + "\n";
    }
}

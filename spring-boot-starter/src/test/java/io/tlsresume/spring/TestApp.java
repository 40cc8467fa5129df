package io.tlsresume.spring;

import io.tlsresume.testkit.Echo;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot web application answering every GET / with the kit's {@link Echo} line. */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
class TestApp {
    @GetMapping("/")
    String echo(HttpServletRequest request) {
        return Echo.body(request.getAttribute("io.tlsresume.node"),
                request.getAttribute("io.tlsresume.resumed"),
                request.getAttribute("jakarta.servlet.request.secure_protocol"),
                "virtual=" + isVirtual(Thread.currentThread()));
    }

    /** Thread.isVirtual (Java 21+) on the JVM that runs the test; false before 21. */
    private static boolean isVirtual(Thread thread) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}

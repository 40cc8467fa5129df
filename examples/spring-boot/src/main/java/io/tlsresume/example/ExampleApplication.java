package io.tlsresume.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An HTTPS application whose nodes resume each other's TLS sessions through tlsresume. */
@SpringBootApplication
public class ExampleApplication {

    /** Starts the application; configuration in application.yml. */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}

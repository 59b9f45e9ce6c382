package org.covidct.app.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The server's JSON: snake_case field names (as decision.json), indented in files, compact on the wire. */
public final class Json {
    private Json() {
    }

    /** For files (job.json): indented. */
    public static final ObjectMapper FILES = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

    /** For responses. */
    public static final ObjectMapper WIRE = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
}

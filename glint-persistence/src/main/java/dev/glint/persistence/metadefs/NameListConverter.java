package dev.glint.persistence.metadefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of names as a JSON array in a text column, null kept as null (Hibernate Reactive's JSON
 * mapping only reads JSON objects).
 */
@Converter
public class NameListConverter implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

    @Override
    public String convertToDatabaseColumn(List<String> names) {
        try {
            return names == null ? null : JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Names cannot be written as JSON", e);
        }
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        try {
            return column == null ? null : new ArrayList<>(JSON.readValue(column, NAMES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored names are not a JSON array: " + column, e);
        }
    }
}

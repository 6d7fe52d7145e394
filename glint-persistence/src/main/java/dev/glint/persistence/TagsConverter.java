package dev.glint.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;

/**
 * Tags as a JSON array in a text column: Hibernate Reactive's JSON mapping only reads JSON objects,
 * and the column is indexed as {@code tags::jsonb} for tag filters.
 */
@Converter
public class TagsConverter implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> TAGS = new TypeReference<>() { };

    @Override
    public String convertToDatabaseColumn(List<String> tags) {
        try {
            return JSON.writeValueAsString(tags == null ? List.of() : tags);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Tags cannot be written as JSON", e);
        }
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        try {
            return column == null ? new ArrayList<>() : new ArrayList<>(JSON.readValue(column, TAGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored tags are not a JSON array: " + column, e);
        }
    }
}

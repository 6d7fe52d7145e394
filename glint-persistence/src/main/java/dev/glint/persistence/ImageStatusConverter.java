package dev.glint.persistence;

import dev.glint.domain.ImageStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores statuses by their Glance names ("pending_delete"), so SQL reads like the API. */
@Converter
public class ImageStatusConverter implements AttributeConverter<ImageStatus, String> {

    @Override
    public String convertToDatabaseColumn(ImageStatus status) {
        return status == null ? null : status.apiName();
    }

    @Override
    public ImageStatus convertToEntityAttribute(String name) {
        return name == null ? null : ImageStatus.fromApiName(name);
    }
}

package dev.glint.persistence;

import dev.glint.domain.TaskStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores task statuses by their Glance names ("processing"). */
@Converter
public class TaskStatusConverter implements AttributeConverter<TaskStatus, String> {

    @Override
    public String convertToDatabaseColumn(TaskStatus status) {
        return status == null ? null : status.apiName();
    }

    @Override
    public TaskStatus convertToEntityAttribute(String name) {
        return name == null ? null : TaskStatus.fromApiName(name);
    }
}

package dev.glint.api.metadefs.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glint.api.domain.ApiException;
import dev.glint.api.metadefs.MetadefSchemas;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /v2/schemas/metadefs/{namespace,namespaces,object,objects,property,properties,tag,tags,
 * resource_type,resource_types}}: the JSON schemas of the catalog.
 */
@Path("/v2/schemas/metadefs")
@Produces(MediaType.APPLICATION_JSON)
public class MetadefSchemasResource {

    private final MetadefSchemas schemas;

    public MetadefSchemasResource(MetadefSchemas schemas) {
        this.schemas = schemas;
    }

    @GET
    @Path("/{name}")
    public ObjectNode schema(@PathParam("name") String name) {
        ObjectNode schema = schemas.served(name);
        if (schema == null) {
            throw ApiException.notFound("No schema metadefs/" + name + "; there are namespace, namespaces, object, "
                    + "objects, property, properties, tag, tags, resource_type and resource_types.");
        }
        return schema;
    }
}

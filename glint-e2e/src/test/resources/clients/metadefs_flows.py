"""Drives the metadata definitions catalog with Debian's python3-glanceclient, as `glance md-*` does.

glanceclient builds and checks every request and answer with the schemas the API serves
(/v2/schemas/metadefs/*), so this also checks that those schemas describe what the API says.
Usage: metadefs_flows.py <endpoint URL>. Exits non-zero (with a traceback) on any mismatch.
"""
import sys
import uuid

from glanceclient import Client
from glanceclient import exc

url = sys.argv[1]
glance = Client('2', endpoint=url, token='unused-in-noauth')
name = 'Glint::E2E::' + uuid.uuid4().hex

types = [rt['name'] for rt in glance.metadefs_resource_type.list()]
assert 'OS::Glance::Image' in types, types

namespace = glance.metadefs_namespace.create(
    namespace=name, display_name='E2E', description='glanceclient flows', visibility='public',
    protected=True, resource_type_associations=[{'name': 'OS::Glance::Image', 'prefix': 'hw_'}],
    properties={'cpu_cores': {'title': 'Cores', 'type': 'integer', 'minimum': 1}})
assert namespace['namespace'] == name, namespace

shown = glance.metadefs_namespace.get(name)
assert shown['properties']['cpu_cores']['minimum'] == 1, shown
prefixed = glance.metadefs_namespace.get(name, resource_type='OS::Glance::Image')
assert 'hw_cpu_cores' in prefixed['properties'], prefixed
listed = [ns['namespace'] for ns in glance.metadefs_namespace.list(filters={'resource_types': ['OS::Glance::Image']})]
assert name in listed, listed

# Update: glanceclient sends back what it read, changed.
updated = glance.metadefs_namespace.update(name, description='changed', protected=False)
assert updated['description'] == 'changed' and updated['protected'] is False, updated

prop = glance.metadefs_property.create(name, name='disk_bus', title='Disk bus', type='string',
                                       enum=['scsi', 'virtio'])
assert prop['enum'] == ['scsi', 'virtio'], prop
prop = glance.metadefs_property.update(name, 'disk_bus', title='Bus')
assert prop['title'] == 'Bus', prop
assert sorted(p['name'] for p in glance.metadefs_property.list(name)) == ['cpu_cores', 'disk_bus']

obj = glance.metadefs_object.create(name, name='Topology', description='sockets and cores',
                                    required=['cpu_sockets'],
                                    properties={'cpu_sockets': {'title': 'Sockets', 'type': 'integer'}})
assert obj['required'] == ['cpu_sockets'], obj
obj = glance.metadefs_object.update(name, 'Topology', description='changed')
assert obj['description'] == 'changed', obj
assert [o['name'] for o in glance.metadefs_object.list(name)] == ['Topology']

tag = glance.metadefs_tag.create(name, 'fast')
assert tag['name'] == 'fast', tag
tags = [t['name'] for t in glance.metadefs_tag.create_multiple(name, tags=['big', 'small'], append=True)]
assert tags == ['big', 'small'], tags
tag = glance.metadefs_tag.update(name, 'fast', name='quick')
assert tag['name'] == 'quick', tag
assert sorted(t['name'] for t in glance.metadefs_tag.list(name)) == ['big', 'quick', 'small']

assoc = glance.metadefs_resource_type.associate(name, name='OS::Nova::Flavor', prefix='hw:')
assert assoc['prefix'] == 'hw:', assoc
assert sorted(rt['name'] for rt in glance.metadefs_resource_type.get(name)) == ['OS::Glance::Image',
                                                                               'OS::Nova::Flavor']
glance.metadefs_resource_type.deassociate(name, 'OS::Nova::Flavor')

glance.metadefs_tag.delete(name, 'quick')
glance.metadefs_tag.delete_all(name)
assert list(glance.metadefs_tag.list(name)) == []
glance.metadefs_property.delete(name, 'disk_bus')
glance.metadefs_property.delete_all(name)
glance.metadefs_object.delete(name, 'Topology')
glance.metadefs_object.delete_all(name)

glance.metadefs_namespace.delete(name)
try:
    glance.metadefs_namespace.get(name)
    raise AssertionError('namespace %s still there after delete' % name)
except exc.HTTPNotFound:
    pass
print('metadefs ok')

"""Drives image-api with Debian's python3-openstacksdk (auth_type none, endpoint override).

Usage: openstacksdk_flows.py <endpoint URL> <paging tag>. The paging tag names 250 images made
by the glanceclient script, which this script pages through 100 at a time.
"""
import sys
import time
import uuid

import openstack
from openstack import exceptions

url = sys.argv[1]
paging_tag = sys.argv[2]
conn = openstack.connection.Connection(auth_type='none', auth={'endpoint': url}, image_endpoint_override=url)
run = uuid.uuid4().hex

image = conn.image.create_image(name='sdk-' + run, disk_format='raw', container_format='bare',
                                data=b'x' * 4096, tags=['sdk'], run=run)
for _ in range(120):
    image = conn.image.get_image(image.id)
    if image.status == 'active':
        break
    time.sleep(0.5)
assert image.status == 'active', image
assert image.size == 4096, image
assert image.properties.get('run') == run or getattr(image, 'run', None) == run, image

conn.image.update_image(image, name='sdk-renamed-' + run, min_disk=2)
image = conn.image.get_image(image.id)
assert image.name == 'sdk-renamed-' + run and image.min_disk == 2, image
conn.image.add_tag(image, 'extra')
assert 'extra' in conn.image.get_image(image.id).tags
conn.image.remove_tag(image, 'extra')
assert 'extra' not in conn.image.get_image(image.id).tags

assert [i.id for i in conn.image.images(tag='sdk', name='sdk-renamed-' + run)] == [image.id]
downloaded = conn.image.download_image(image)
assert getattr(downloaded, 'content', downloaded) == b'x' * 4096

conn.image.deactivate_image(image)
assert conn.image.get_image(image.id).status == 'deactivated'
conn.image.reactivate_image(image)
assert conn.image.get_image(image.id).status == 'active'

shared = conn.image.create_image(name='sdk-shared-' + run, disk_format='raw', container_format='bare',
                                 visibility='shared', allow_duplicates=True)
member = conn.image.add_member(shared, member_id='glint')
assert member.status == 'pending', member
conn.image.update_member(member, shared, status='accepted')
assert [m.status for m in conn.image.members(shared)] == ['accepted']
conn.image.remove_member(member, shared)
assert list(conn.image.members(shared)) == []

paged = [i.id for i in conn.image.images(tag=paging_tag, limit=100)]
assert len(paged) == 250 and len(set(paged)) == 250, len(paged)

for doomed in (image, shared):
    conn.image.delete_image(doomed)
try:
    conn.image.get_image(image.id)
    raise AssertionError('a deleted image is still shown')
except exceptions.ResourceNotFound:
    pass
print('openstacksdk flows passed')

"""Drives image-api with Debian's python3-glanceclient, as a Glance user's script would.

Usage: glanceclient_flows.py <endpoint URL>. Exits non-zero (with a traceback) on any mismatch.
"""
import io
import os
import sys
import time
import uuid

from glanceclient import Client
from glanceclient import exc

url = sys.argv[1]
glance = Client('2', endpoint=url, token='unused-in-noauth')
run = uuid.uuid4().hex
name = 'gc-' + run


def wait_for(image_id, status):
    for _ in range(120):
        image = glance.images.get(image_id)
        if image['status'] == status:
            return image
        time.sleep(0.5)
    raise AssertionError('image %s never became %s: %s' % (image_id, status, image))


# Create, show, update (JSON patch built from the image schema), tags.
image = glance.images.create(name=name, disk_format='raw', container_format='bare', visibility='shared',
                             tags=['a'], hw_disk_bus='scsi', min_ram=128, run=run)
image_id = image['id']
assert image['status'] == 'queued', image
assert image['tags'] == ['a'], image
glance.images.update(image_id, name=name + '-renamed', os_distro='debian', remove_props=['hw_disk_bus'])
image = glance.images.get(image_id)
assert image['name'] == name + '-renamed', image
assert image['os_distro'] == 'debian', image
assert 'hw_disk_bus' not in image, image
glance.image_tags.update(image_id, 'b')
glance.image_tags.delete(image_id, 'a')
assert glance.images.get(image_id)['tags'] == ['b']

listed = [i['id'] for i in glance.images.list(filters={'run': run, 'tag': ['b']})]
assert listed == [image_id], listed

# Members: share, accept (noauth callers are all the default project), list, remove.
member = glance.image_members.create(image_id, 'glint')
assert member['status'] == 'pending', member
glance.image_members.update(image_id, 'glint', 'accepted')
members = list(glance.image_members.list(image_id))
assert [(m['member_id'], m['status']) for m in members] == [('glint', 'accepted')], members
glance.image_members.delete(image_id, 'glint')
assert list(glance.image_members.list(image_id)) == []

# Upload, verify, download, deactivate, reactivate, delete.
data = os.urandom(3 * 1024 * 1024 + 5)
glance.images.upload(image_id, io.BytesIO(data), image_size=len(data))
image = wait_for(image_id, 'active')
assert image['size'] == len(data), image
assert b''.join(glance.images.data(image_id)) == data
glance.images.deactivate(image_id)
assert glance.images.get(image_id)['status'] == 'deactivated'
glance.images.reactivate(image_id)
assert glance.images.get(image_id)['status'] == 'active'

# Errors come back as the client's exceptions.
try:
    glance.images.create(name='bad', disk_format='floppy')
    raise AssertionError('an unknown disk_format was accepted')
except (exc.HTTPBadRequest, Exception) as error:  # warlock refuses it before sending, glance would too
    assert 'floppy' in str(error) or isinstance(error, exc.HTTPBadRequest), error

glance.images.update(image_id, protected=True)
try:
    glance.images.delete(image_id)
    raise AssertionError('a protected image was deleted')
except exc.HTTPForbidden:
    pass
glance.images.update(image_id, protected=False)
glance.images.delete(image_id)
try:
    glance.images.get(image_id)
    raise AssertionError('a deleted image is still shown')
except exc.HTTPNotFound:
    pass

# Paging: 250 images through pages of 100.
tag = 'paging-' + run
created = set()
for i in range(250):
    created.add(glance.images.create(name='page-%03d' % i, tags=[tag])['id'])
paged = [i['id'] for i in glance.images.list(page_size=100, filters={'tag': [tag]})]
assert len(paged) == 250 and set(paged) == created, (len(paged), len(set(paged)))
limited = [i['id'] for i in glance.images.list(page_size=100, limit=150, filters={'tag': [tag]})]
assert len(limited) == 150, len(limited)
print('glanceclient flows passed; paging tag', tag)

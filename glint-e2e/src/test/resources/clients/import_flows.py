"""Interoperable image import through Debian's python3-glanceclient and python3-openstacksdk.

Usage: import_flows.py <endpoint URL> <web-download URL> <MD5 of the data there>.
glanceclient: stage + glance-direct, web-download, copy-image into a second store, tasks.list().
openstacksdk: create_image(..., use_import=True). Exits non-zero (with a traceback) on any mismatch.
"""
import hashlib
import io
import os
import sys
import tempfile
import time
import uuid

import openstack
from glanceclient import Client

url, web_uri, web_md5 = sys.argv[1], sys.argv[2], sys.argv[3]
glance = Client('2', endpoint=url, token='unused-in-noauth')
run = uuid.uuid4().hex


def wait_for(image_id, status, key=None):
    for _ in range(240):
        image = glance.images.get(image_id)
        if image['status'] == status and (key is None or key(image)):
            return image
        time.sleep(0.5)
    raise AssertionError('image %s never became %s: %s' % (image_id, status, image))


def new_image(suffix):
    return glance.images.create(name='import-%s-%s' % (suffix, run), disk_format='raw', container_format='bare')['id']


# glance-direct: stage, then import.
data = os.urandom(5 * 1024 * 1024 + 3)
direct = new_image('direct')
glance.images.stage(direct, io.BytesIO(data), len(data))
assert glance.images.get(direct)['status'] == 'uploading'
glance.images.image_import(direct, method='glance-direct')
image = wait_for(direct, 'active')
assert image['checksum'] == hashlib.md5(data).hexdigest(), image
assert image['os_hash_value'] == hashlib.sha512(data).hexdigest(), image
assert b''.join(glance.images.data(direct)) == data

# web-download from the test's web server.
web = new_image('web')
glance.images.image_import(web, method='web-download', uri=web_uri)
image = wait_for(web, 'active')
assert image['checksum'] == web_md5, image

# copy-image into the second store: the image stays active; it is done once no stores are left to
# import to (os_glance_import_task keeps naming the copy's task, as in Glance).
glance.images.image_import(direct, method='copy-image', stores=['second'])
wait_for(direct, 'active', key=lambda i: not i.get('os_glance_importing_to_stores')
         and 'second' in i.get('stores', '').split(','))
info = glance.images.get_stores_info()
assert 'second' in [store['id'] for store in info['stores']], info

# tasks.list(): the imports above are listed, and each ended in success.
tasks = {task['id']: task for task in glance.tasks.list(filters={'type': 'api_image_import'})}
mine = [glance.tasks.get(task_id) for task_id in tasks]
mine = [task for task in mine if task['input'].get('image_id') in (direct, web)]
assert len(mine) == 3, mine
assert all(task['status'] == 'success' for task in mine), mine

# openstacksdk: create_image with use_import stages and imports glance-direct.
conn = openstack.connection.Connection(auth_type='none', auth={'endpoint': url}, image_endpoint_override=url)
with tempfile.NamedTemporaryFile(suffix='.img') as handle:
    sdk_data = os.urandom(2 * 1024 * 1024)
    handle.write(sdk_data)
    handle.flush()
    created = conn.create_image('import-sdk-' + run, filename=handle.name, disk_format='raw',
                                container_format='bare', use_import=True, wait=True, timeout=120)
for _ in range(240):
    image = conn.image.get_image(created.id)
    if image.status == 'active':
        break
    time.sleep(0.5)
assert image.status == 'active', image
assert image.checksum == hashlib.md5(sdk_data).hexdigest(), image
sdk_tasks = glance.images.get_import_info()
assert 'glance-direct' in sdk_tasks['import-methods']['value'], sdk_tasks
print('imports ok')

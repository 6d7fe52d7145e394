"""Image locations through Debian's python3-glanceclient, as Nova and operators use them.

Usage: locations_flows.py <endpoint URL> <http URL of the data> <second http URL> <MD5 of the data>.
add_location (activates the queued image), the data downloaded through the http store,
update_location (metadata), a second location, delete_locations, and the refusals for a bad
scheme and for removing the last location. Exits non-zero (with a traceback) on any mismatch.
"""
import hashlib
import sys
import uuid

from glanceclient import Client
from glanceclient import exc

url, first, second, md5 = sys.argv[1:5]
glance = Client('2', endpoint=url, token='unused-in-noauth')

image = glance.images.create(name='locations-%s' % uuid.uuid4().hex, disk_format='raw', container_format='bare')
assert image['locations'] == [], image

image = glance.images.add_location(image['id'], first, {'origin': 'e2e'})
assert image['status'] == 'active', image
assert [loc['url'] for loc in image['locations']] == [first], image
assert image['locations'][0]['metadata'] == {'origin': 'e2e', 'store': 'http'}, image
assert image['direct_url'] == first, image

data = b''.join(glance.images.data(image['id']))
assert hashlib.md5(data).hexdigest() == md5, 'downloaded data differs'

image = glance.images.update_location(image['id'], first, {'origin': 'e2e', 'checked': 'yes'})
assert image['locations'][0]['metadata']['checked'] == 'yes', image

image = glance.images.add_location(image['id'], second, {})
assert [loc['url'] for loc in image['locations']] == [first, second], image

glance.images.delete_locations(image['id'], {first})
image = glance.images.get(image['id'])
assert [loc['url'] for loc in image['locations']] == [second], image
assert image['direct_url'] == second, image

try:
    glance.images.delete_locations(image['id'], {second})
    raise AssertionError('the last location was removed')
except exc.HTTPForbidden:
    pass

other = glance.images.create(name='bad-scheme-%s' % uuid.uuid4().hex, disk_format='raw', container_format='bare')
try:
    glance.images.add_location(other['id'], 'gopher://info.cern.ch', {})
    raise AssertionError('a gopher location was accepted')
except exc.HTTPBadRequest:
    pass

glance.images.delete(image['id'])
glance.images.delete(other['id'])
print('locations ok')

"""Glint in keystone mode, driven by Debian's python3-openstacksdk with password auth: the service
catalog names Glint as the image service, so every call carries a real Keystone token.

Usage: keystone_flows.py <keystone URL ending in /v3> <Glint URL> <user password> <cache seconds>

Checks Glance's default rules over its personas (admin, project member, project reader, another
project's member), a revoked token (refused once Glint's cache entry ends) and an expired token.
"""
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import openstack
import requests
from keystoneauth1 import session
from keystoneauth1.identity import v3

auth_url, glint_url, password, cache_seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
run = uuid.uuid4().hex


def connect(user, project):
    """Password auth; no connection is reused: Keystone under uwsgi's http-socket closes each one
    after its answer, so a reused one would be reset."""
    http = requests.Session()
    http.headers['Connection'] = 'close'
    auth = v3.Password(auth_url=auth_url, username=user, password=password, project_name=project,
                       user_domain_name='Default', project_domain_name='Default')
    return openstack.connection.Connection(session=session.Session(auth=auth, session=http),
                                           region_name='RegionOne')


def keystone(method, token=None, subject=None, body=None):
    """A raw Keystone call (uwsgi closes every connection, so ask for that)."""
    headers = {'Content-Type': 'application/json', 'Connection': 'close'}
    if token:
        headers['X-Auth-Token'] = token
    if subject:
        headers['X-Subject-Token'] = subject
    request = urllib.request.Request(auth_url + '/auth/tokens', method=method, headers=headers,
                                     data=json.dumps(body).encode() if body else None)
    with urllib.request.urlopen(request) as response:
        return response.headers.get('X-Subject-Token'), response.read()


def issue(user, project):
    token, body = keystone('POST', body={'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'name': 'Default'}, 'password': password}}},
        'scope': {'project': {'name': project, 'domain': {'name': 'Default'}}}}})
    return token, json.loads(body)['token']['expires_at']


def glint(path, token):
    """A raw call to Glint: (status, WWW-Authenticate)."""
    headers = {'X-Auth-Token': token} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(glint_url + path, headers=headers)) as response:
            return response.status, None
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('WWW-Authenticate')


def expect(expected, who, method, path, **kwargs):
    name, conn = who
    kwargs.setdefault('raise_exc', False)
    response = getattr(conn.image, method)(path, **kwargs)
    assert response.status_code == expected, '%s %s %s: expected %d, got %d %s' % (
        name, method.upper(), path, expected, response.status_code, response.text[:300])
    return response


def wait_active(conn, image):
    for _ in range(120):
        image = conn.image.get_image(image.id)
        if image.status == 'active':
            return image
        time.sleep(0.5)
    raise AssertionError('not active: %s' % image)


PATCH = {'Content-Type': 'application/openstack-images-v2.1-json-patch'}


def patch(op_path, value):
    return json.dumps([{'op': 'replace', 'path': op_path, 'value': value}])


# The raw token for the expiry check comes first, so that it expires while the rest runs.
expiring, expires_at = issue('reader-a', 'glint-a')
assert glint('/v2/images', expiring)[0] == 200

admin_a = ('admin-a', connect('admin-a', 'glint-a'))
member_a = ('member-a', connect('member-a', 'glint-a'))
reader_a = ('reader-a', connect('reader-a', 'glint-a'))
member_b = ('member-b', connect('member-b', 'glint-b'))
reader_b = ('reader-b', connect('reader-b', 'glint-b'))
project_a = member_a[1].current_project_id
project_b = member_b[1].current_project_id
assert project_a and project_b and project_a != project_b

# Creating: members of a project create in it; public needs admin (publicize_image), community
# does not (communitize_image); readers create nothing; nobody creates for another project but admins.
mine = member_a[1].image.create_image(name='private-' + run, disk_format='raw', container_format='bare',
                                      data=b'p' * 1024, visibility='private', run=run)
mine = wait_active(member_a[1], mine)
assert mine.owner == project_a, mine
shared = member_a[1].image.create_image(name='shared-' + run, disk_format='raw', container_format='bare',
                                        visibility='shared', run=run)
community = member_a[1].image.create_image(name='community-' + run, disk_format='raw', container_format='bare',
                                           visibility='community', run=run)
public = admin_a[1].image.create_image(name='public-' + run, disk_format='raw', container_format='bare',
                                       data=b'q' * 512, visibility='public', run=run)
public = wait_active(admin_a[1], public)
expect(403, member_a, 'post', '/images', json={'name': 'nope', 'visibility': 'public'})
expect(403, reader_a, 'post', '/images', json={'name': 'nope'})
expect(403, member_a, 'post', '/images', json={'name': 'nope', 'owner': project_b})
expect(201, admin_a, 'post', '/images', json={'name': 'for-b-' + run, 'owner': project_b, 'run': run})

# Reading: readers of the project see its images; another project sees public and community ones.
expect(200, reader_a, 'get', '/images/' + mine.id)
listed = [i['id'] for i in expect(200, reader_a, 'get', '/images?run=' + run).json()['images']]
assert mine.id in listed and shared.id in listed, listed
expect(404, member_b, 'get', '/images/' + mine.id)
expect(404, member_b, 'get', '/images/' + shared.id)
expect(200, member_b, 'get', '/images/' + public.id)
expect(200, member_b, 'get', '/images/' + community.id)
# Download needs member (Glance's download_image): a reader only looks.
expect(403, reader_a, 'get', '/images/%s/file' % mine.id)
assert expect(200, member_a, 'get', '/images/%s/file' % mine.id).content == b'p' * 1024
assert expect(200, member_b, 'get', '/images/%s/file' % public.id).content == b'q' * 512

# Changing: only members of the owning project (and admins); readers never.
expect(403, reader_a, 'patch', '/images/' + mine.id, data=patch('/name', 'r'), headers=PATCH)
expect(403, reader_a, 'delete', '/images/' + mine.id)
expect(403, reader_a, 'put', '/images/%s/tags/t' % mine.id)
expect(403, reader_a, 'put', '/images/%s/file' % shared.id, data=b'x',
       headers={'Content-Type': 'application/octet-stream'})
expect(403, member_b, 'patch', '/images/' + public.id, data=patch('/name', 'b'), headers=PATCH)
expect(403, member_b, 'delete', '/images/' + public.id)
expect(200, member_a, 'patch', '/images/' + mine.id, data=patch('/name', 'renamed-' + run), headers=PATCH)
expect(403, member_a, 'patch', '/images/' + mine.id, data=patch('/visibility', 'public'), headers=PATCH)
expect(200, admin_a, 'patch', '/images/' + mine.id, data=patch('/visibility', 'public'), headers=PATCH)
expect(200, admin_a, 'patch', '/images/' + mine.id, data=patch('/visibility', 'private'), headers=PATCH)

# Members: only the owner shares; only the member accepts.
expect(404, member_b, 'post', '/images/%s/members' % shared.id, json={'member': project_b})
expect(403, reader_a, 'post', '/images/%s/members' % shared.id, json={'member': project_b})
expect(200, member_a, 'post', '/images/%s/members' % shared.id, json={'member': project_b})
expect(200, member_b, 'get', '/images/' + shared.id)
expect(403, member_b, 'post', '/images/%s/members' % shared.id, json={'member': uuid.uuid4().hex})
expect(403, member_a, 'put', '/images/%s/members/%s' % (shared.id, project_b), json={'status': 'accepted'})
expect(403, reader_b, 'put', '/images/%s/members/%s' % (shared.id, project_b), json={'status': 'accepted'})
expect(200, member_b, 'put', '/images/%s/members/%s' % (shared.id, project_b), json={'status': 'accepted'})
assert shared.id in [i.id for i in member_b[1].image.images(visibility='shared')]
expect(403, member_b, 'delete', '/images/%s/members/%s' % (shared.id, project_b))
expect(204, member_a, 'delete', '/images/%s/members/%s' % (shared.id, project_b))
expect(404, member_b, 'get', '/images/' + shared.id)

# Deactivate/reactivate: admins and members of the owning project (Glance's defaults).
expect(403, member_b, 'post', '/images/%s/actions/deactivate' % public.id)
expect(403, reader_a, 'post', '/images/%s/actions/deactivate' % mine.id)
expect(204, member_a, 'post', '/images/%s/actions/deactivate' % mine.id)
expect(403, member_a, 'get', '/images/%s/file' % mine.id)
expect(204, admin_a, 'post', '/images/%s/actions/reactivate' % mine.id)

# The restore action is admins' only.
expect(403, member_a, 'post', '/images/%s/actions/restore' % mine.id)

expect(204, member_a, 'delete', '/images/' + mine.id)
expect(404, member_a, 'get', '/images/' + mine.id)

# A revoked token is refused once Glint's cache entry for it has ended.
revoked, _ = issue('member-a', 'glint-a')
assert glint('/v2/images', revoked)[0] == 200
keystone('DELETE', token=revoked, subject=revoked)
time.sleep(cache_seconds + 1)
status, challenge = glint('/v2/images', revoked)
assert status == 401 and challenge and challenge.startswith('Keystone uri='), (status, challenge)

# The token taken first has expired by now (or will shortly): refused as well.
expiry = time.mktime(time.strptime(expires_at.split('.')[0].rstrip('Z'), '%Y-%m-%dT%H:%M:%S')) - time.timezone
time.sleep(max(0.0, expiry - time.time()) + 1)
status, challenge = glint('/v2/images', expiring)
assert status == 401 and challenge, (status, challenge)
print('keystone flows ok')

#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/protocol_fuzz.c (format described there) into
tests/fuzz/seeds/protocol_fuzz/. Run again after ORIEL_PROTOCOL_VERSION or a request changes."""
import os
import re
import struct

root = os.path.dirname(os.path.abspath(__file__))
header = open(os.path.join(root, '..', '..', '..', 'include', 'oriel', 'protocol.h')).read()
version = int(re.search(r'#define ORIEL_PROTOCOL_VERSION (\d+)', header).group(1))
codes = {name: i for i, name in enumerate(re.findall(r'X\((\w+)\)', header.split('ORIEL_REQUEST_LIST(X)')[1].split('enum')[0]))}


def pkt(name, fixed, data=b''):
    code = codes.get(name, name) if isinstance(name, str) else name
    p = struct.pack('<IIII', code, len(fixed), len(data), version) + fixed + data
    return struct.pack('<H', len(p)) + p


u32 = lambda *v: struct.pack('<%dI' % len(v), *v)
seeds = {
    'init_only': b'\x00' + pkt('init_process', u32(1, 0)),
    'handles': b'\x01' + pkt('dup_handle', u32(0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 2))
    + pkt('get_handle_info', u32(4, 0)) + pkt('set_handle_info', u32(4, 3, 2, 0)) + pkt('close_handle', u32(4, 0))
    + pkt('set_handle_info', u32(4, 2, 0, 0)) + pkt('close_handle', u32(4, 0)),
    'thread_dup': b'\x01' + pkt('dup_handle', u32(0xffffffff, 0xfffffffe, 0xffffffff, 0, 0, 3))
    + pkt('dup_handle', u32(0xffffffff, 4, 0xffffffff, 0x80000000, 2, 1)) + pkt('get_object_counts', u32(0, 0)),
    'misc': b'\x01' + pkt('get_handle_fd', u32(4, 0)) + pkt('alloc_file_handle', u32(0x80000000, 7, 0, 0))
    + pkt('exit_process', u32(3, 0)) + pkt(99, b'') + pkt('close_handle', b'\x04\x00'),
}
out = os.path.join(root, 'protocol_fuzz')
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)

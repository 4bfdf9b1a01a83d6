# -*- coding: utf-8 -*-
# Writes the refer-toolkit fixtures of Neptune.Photos.Tests under Python 2.7 exactly as the toolkit's files were
# written: a list of ref dicts pickled with cPickle, whose strings are Python 2 byte strings (str, UTF-8 encoded).
#   refcoco/refs(unc).p     protocol 0 (cPickle's default: the text opcodes S'..', I.., L..L, (dp, s, a)
#   refcoco/refs(google).p  protocol 2 (\x80\x02, SHORT_BINSTRING, BININT1/BININT, SETITEMS, APPENDS)
#   refcoco/instances.json  COCO images / annotations (bbox = [x, y, w, h]) / categories
# Run: python2 make_refer_fixtures.py   (from this folder)
import cPickle
import json


def sentence(sent_id, raw):
    sent = raw.lower()
    return {'tokens': sent.split(' '), 'raw': raw, 'sent_id': sent_id, 'sent': sent}


refs = [
    {'sent_ids': [0, 1], 'file_name': 'COCO_train2014_000000581857_16.jpg', 'ann_id': 1719310, 'ref_id': 0,
     'image_id': 581857, 'split': 'train', 'category_id': 1,
     'sentences': [sentence(0, 'THE LADY WITH THE BLUE SHIRT'), sentence(1, 'lady w back to us')]},
    {'sent_ids': [2], 'file_name': 'COCO_train2014_000000581857_17.jpg', 'ann_id': 1719311L, 'ref_id': 1,
     'image_id': 581857, 'split': 'testA', 'category_id': 1,
     'sentences': [sentence(2, 'woman in caf\xc3\xa9 apron')]},
    {'sent_ids': [3, 4, 5], 'file_name': 'COCO_train2014_000000000009_2.jpg', 'ann_id': 1038967, 'ref_id': 2,
     'image_id': 9, 'split': 'testB', 'category_id': 51,
     'sentences': [sentence(3, 'bowl of broccoli'), sentence(4, 'green food left'), sentence(5, 'left bowl')]},
    {'sent_ids': [6], 'file_name': 'COCO_train2014_000000000009_3.jpg', 'ann_id': 1039564, 'ref_id': 3,
     'image_id': 9, 'split': 'val', 'category_id': 51,
     'sentences': [sentence(6, 'bowl on the right')]},
]

instances = {
    'info': {'description': 'This is stable 1.0 version of the 2014 MS COCO dataset.'},
    'images': [
        {'id': 581857, 'file_name': 'COCO_train2014_000000581857.jpg', 'height': 640, 'width': 427},
        {'id': 9, 'file_name': 'COCO_train2014_000000000009.jpg', 'height': 480, 'width': 640},
    ],
    'annotations': [
        {'id': 1719310, 'image_id': 581857, 'category_id': 1, 'bbox': [103.93, 299.99, 238.15, 341.15],
         'area': 27789.11, 'iscrowd': 0, 'segmentation': [[104.0, 300.0, 342.0, 300.0, 342.0, 641.0]]},
        {'id': 1719311, 'image_id': 581857, 'category_id': 1, 'bbox': [0.0, 120.5, 90.0, 300.0],
         'area': 15000.0, 'iscrowd': 0, 'segmentation': [[0.0, 120.5, 90.0, 120.5, 90.0, 420.5]]},
        {'id': 1038967, 'image_id': 9, 'category_id': 51, 'bbox': [1.08, 187.69, 611.59, 285.84],
         'area': 120057.13, 'iscrowd': 0, 'segmentation': [[1.08, 187.69, 612.67, 187.69, 612.67, 473.53]]},
        {'id': 1039564, 'image_id': 9, 'category_id': 51, 'bbox': [311.73, 4.31, 319.28, 228.68],
         'area': 44726.0, 'iscrowd': 0, 'segmentation': {'counts': [1, 2, 3], 'size': [480, 640]}},
    ],
    'categories': [
        {'supercategory': 'person', 'id': 1, 'name': 'person'},
        {'supercategory': 'kitchen', 'id': 51, 'name': 'bowl'},
    ],
}

with open('refcoco/refs(unc).p', 'wb') as f:
    cPickle.dump(refs, f)
with open('refcoco/refs(google).p', 'wb') as f:
    cPickle.dump(refs[:3], f, 2)
with open('refcoco/instances.json', 'w') as f:
    json.dump(instances, f)

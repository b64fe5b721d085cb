// What Zotero's own BibTeX importer makes of a .bib: runs the import code of Zotero's BibTeX.js
// translator (zotero/translators, AGPL; not in this repository: give its path) under node, with
// the few Zotero functions its import uses stubbed, and prints one line per item it imports
// (item type, title, publicationTitle, which Zotero keeps as a webpage's website title) and a
// count of webpages and of those with their site. The translator's own code decides the item
// types and fields; Zotero's database (base fields, validation) is not run.
//
//     node bench/zotero_bibtex_import.js path/to/BibTeX.js refman-export.bib
'use strict';
const fs = require('fs');

const [translatorPath, bibPath] = process.argv.slice(2);
const translator = fs.readFileSync(translatorPath, 'utf8');
const code = translator.slice(translator.indexOf('\n}\n') + 3); // without its JSON header
const input = fs.readFileSync(bibPath, 'utf8');
let position = 0;
const items = [];
const Utilities = {
  trimInternal: (s) => s.replace(/\s+/g, ' ').trim(),
  trim: (s) => s.trim(),
  text2html: (s) => s,
  unescapeHTML: (s) => s,
  removeDiacritics: (s) => s,
  cleanDOI: (s) => s,
  strToISO: (s) => s,
  strToDate: () => ({}),
  formatDate: (d) => String(d.month + 1),
  getVersion: () => '7.0',
  fieldIsValidForType: () => true,
  getCreatorsForType: () => ['author'],
  itemTypeExists: () => true,
  cleanAuthor: (name, type) => {
    const parts = name.split(' ');
    return { lastName: parts.pop(), firstName: parts.join(' '), creatorType: type };
  },
};
const Zotero = {
  read: (n) => {
    if (position >= input.length) return false;
    const chunk = input.substr(position, n);
    position += n;
    return chunk;
  },
  write: () => {},
  debug: () => {},
  getOption: () => undefined,
  getHiddenPref: () => undefined,
  parentTranslator: false,
  Utilities,
  Item: function Item(itemType) {
    Object.assign(this, { itemType, creators: [], notes: [], tags: [], attachments: [] });
    this.complete = () => {
      items.push(this);
    };
  },
  Collection: function Collection() {
    this.complete = () => {};
  },
};
const Z = Zotero; // eslint-disable-line no-unused-vars
const ZU = Utilities; // eslint-disable-line no-unused-vars
eval(code + '\n;doImport();'); // eslint-disable-line no-eval

setTimeout(() => {
  for (const item of items) {
    console.log([item.itemType, item.title || '', item.publicationTitle || ''].join('\t'));
  }
  const webpages = items.filter((item) => item.itemType === 'webpage');
  const withSite = webpages.filter((item) => item.publicationTitle);
  console.log(`${items.length} items; ${webpages.length} webpages, ${withSite.length} with their site`);
}, 100);

// SPDX-License-Identifier: GPL-2.0
/* expect: OK */
#include "common.h"

struct cf_wide {
	u32 f0;
	u32 f1;
	u32 f2;
	u32 f3;
	u32 f4;
	u32 f5;
	u32 f6;
	u32 f7;
	u32 f8;
	u32 f9;
	u32 f10;
	u32 f11;
	u32 f12;
	u32 f13;
	u32 f14;
	u32 f15;
	u32 f16;
	u32 f17;
	u32 f18;
	u32 f19;
	u32 f20;
	u32 f21;
	u32 f22;
	u32 f23;
	u32 f24;
	u32 f25;
	u32 f26;
	u32 f27;
	u32 f28;
	u32 f29;
	u32 f30;
	u32 f31;
	u32 f32;
	u32 f33;
	u32 f34;
	u32 f35;
	u32 f36;
	u32 f37;
	u32 f38;
	u32 f39;
	u32 f40;
	u32 f41;
	u32 f42;
	u32 f43;
	u32 f44;
	u32 f45;
	u32 f46;
	u32 f47;
	u32 f48;
	u32 f49;
	u32 f50;
	u32 f51;
	u32 f52;
	u32 f53;
	u32 f54;
	u32 f55;
	u32 f56;
	u32 f57;
	u32 f58;
	u32 f59;
	u32 f60;
	u32 f61;
	u32 f62;
	u32 f63;
	u32 f64;
	u32 f65;
	u32 f66;
	u32 f67;
	u32 f68;
	u32 f69;
	u32 f70;
	u32 f71;
	u32 f72;
	u32 f73;
	u32 f74;
	u32 f75;
	u32 f76;
	u32 f77;
	u32 f78;
	u32 f79;
	u32 f80;
	u32 f81;
	u32 f82;
	u32 f83;
	u32 f84;
	u32 f85;
	u32 f86;
	u32 f87;
	u32 f88;
	u32 f89;
	u32 f90;
	u32 f91;
	u32 f92;
	u32 f93;
	u32 f94;
	u32 f95;
	u32 f96;
	u32 f97;
	u32 f98;
	u32 f99;
	u32 f100;
	u32 f101;
	u32 f102;
	u32 f103;
	u32 f104;
	u32 f105;
	u32 f106;
	u32 f107;
	u32 f108;
	u32 f109;
	u32 f110;
	u32 f111;
	u32 f112;
	u32 f113;
	u32 f114;
	u32 f115;
	u32 f116;
	u32 f117;
	u32 f118;
	u32 f119;
	u32 f120;
	u32 f121;
	u32 f122;
	u32 f123;
	u32 f124;
	u32 f125;
	u32 f126;
	u32 f127;
	u32 f128;
	u32 f129;
	u32 f130;
	u32 f131;
	u32 f132;
	u32 f133;
	u32 f134;
	u32 f135;
	u32 f136;
	u32 f137;
	u32 f138;
	u32 f139;
	u32 f140;
	u32 f141;
	u32 f142;
	u32 f143;
	u32 f144;
	u32 f145;
	u32 f146;
	u32 f147;
	u32 f148;
	u32 f149;
	u32 f150;
	u32 f151;
	u32 f152;
	u32 f153;
	u32 f154;
	u32 f155;
	u32 f156;
	u32 f157;
	u32 f158;
	u32 f159;
	u32 f160;
	u32 f161;
	u32 f162;
	u32 f163;
	u32 f164;
	u32 f165;
	u32 f166;
	u32 f167;
	u32 f168;
	u32 f169;
	u32 f170;
	u32 f171;
	u32 f172;
	u32 f173;
	u32 f174;
	u32 f175;
	u32 f176;
	u32 f177;
	u32 f178;
	u32 f179;
	u32 f180;
	u32 f181;
	u32 f182;
	u32 f183;
	u32 f184;
	u32 f185;
	u32 f186;
	u32 f187;
	u32 f188;
	u32 f189;
	u32 f190;
	u32 f191;
	u32 f192;
	u32 f193;
	u32 f194;
	u32 f195;
	u32 f196;
	u32 f197;
	u32 f198;
	u32 f199;
	u32 f200;
	u32 f201;
	u32 f202;
	u32 f203;
	u32 f204;
	u32 f205;
	u32 f206;
	u32 f207;
	u32 f208;
	u32 f209;
	u32 f210;
	u32 f211;
	u32 f212;
	u32 f213;
	u32 f214;
	u32 f215;
	u32 f216;
	u32 f217;
	u32 f218;
	u32 f219;
	u32 f220;
	u32 f221;
	u32 f222;
	u32 f223;
	u32 f224;
	u32 f225;
	u32 f226;
	u32 f227;
	u32 f228;
	u32 f229;
	u32 f230;
	u32 f231;
	u32 f232;
	u32 f233;
	u32 f234;
	u32 f235;
	u32 f236;
	u32 f237;
	u32 f238;
	u32 f239;
	u32 f240;
	u32 f241;
	u32 f242;
	u32 f243;
	u32 f244;
	u32 f245;
	u32 f246;
	u32 f247;
	u32 f248;
	u32 f249;
	u32 f250;
	u32 f251;
	u32 f252;
	u32 f253;
	u32 f254;
	u32 f255;
	u32 f256;
};

KSTATE_DEFINE(cf_wide, struct cf_wide,
	      KSTATE_VERSION(2),
	      KSTATE_U32(f0),
	      KSTATE_U32(f1),
	      KSTATE_U32(f2),
	      KSTATE_U32(f3),
	      KSTATE_U32(f4),
	      KSTATE_U32(f5),
	      KSTATE_U32(f6),
	      KSTATE_U32(f7),
	      KSTATE_U32(f8),
	      KSTATE_U32(f9),
	      KSTATE_U32(f10),
	      KSTATE_U32(f11),
	      KSTATE_U32(f12),
	      KSTATE_U32(f13),
	      KSTATE_U32(f14),
	      KSTATE_U32(f15),
	      KSTATE_U32(f16),
	      KSTATE_U32(f17),
	      KSTATE_U32(f18),
	      KSTATE_U32(f19),
	      KSTATE_U32(f20),
	      KSTATE_U32(f21),
	      KSTATE_U32(f22),
	      KSTATE_U32(f23),
	      KSTATE_U32(f24),
	      KSTATE_U32(f25),
	      KSTATE_U32(f26),
	      KSTATE_U32(f27),
	      KSTATE_U32(f28),
	      KSTATE_U32(f29),
	      KSTATE_U32(f30),
	      KSTATE_U32(f31),
	      KSTATE_U32(f32),
	      KSTATE_U32(f33),
	      KSTATE_U32(f34),
	      KSTATE_U32(f35),
	      KSTATE_U32(f36),
	      KSTATE_U32(f37),
	      KSTATE_U32(f38),
	      KSTATE_U32(f39),
	      KSTATE_U32(f40),
	      KSTATE_U32(f41),
	      KSTATE_U32(f42),
	      KSTATE_U32(f43),
	      KSTATE_U32(f44),
	      KSTATE_U32(f45),
	      KSTATE_U32(f46),
	      KSTATE_U32(f47),
	      KSTATE_U32(f48),
	      KSTATE_U32(f49),
	      KSTATE_U32(f50),
	      KSTATE_U32(f51),
	      KSTATE_U32(f52),
	      KSTATE_U32(f53),
	      KSTATE_U32(f54),
	      KSTATE_U32(f55),
	      KSTATE_U32(f56),
	      KSTATE_U32(f57),
	      KSTATE_U32(f58),
	      KSTATE_U32(f59),
	      KSTATE_U32(f60),
	      KSTATE_U32(f61),
	      KSTATE_U32(f62),
	      KSTATE_U32(f63),
	      KSTATE_U32(f64),
	      KSTATE_U32(f65),
	      KSTATE_U32(f66),
	      KSTATE_U32(f67),
	      KSTATE_U32(f68),
	      KSTATE_U32(f69),
	      KSTATE_U32(f70),
	      KSTATE_U32(f71),
	      KSTATE_U32(f72),
	      KSTATE_U32(f73),
	      KSTATE_U32(f74),
	      KSTATE_U32(f75),
	      KSTATE_U32(f76),
	      KSTATE_U32(f77),
	      KSTATE_U32(f78),
	      KSTATE_U32(f79),
	      KSTATE_U32(f80),
	      KSTATE_U32(f81),
	      KSTATE_U32(f82),
	      KSTATE_U32(f83),
	      KSTATE_U32(f84),
	      KSTATE_U32(f85),
	      KSTATE_U32(f86),
	      KSTATE_U32(f87),
	      KSTATE_U32(f88),
	      KSTATE_U32(f89),
	      KSTATE_U32(f90),
	      KSTATE_U32(f91),
	      KSTATE_U32(f92),
	      KSTATE_U32(f93),
	      KSTATE_U32(f94),
	      KSTATE_U32(f95),
	      KSTATE_U32(f96),
	      KSTATE_U32(f97),
	      KSTATE_U32(f98),
	      KSTATE_U32(f99),
	      KSTATE_U32(f100),
	      KSTATE_U32(f101),
	      KSTATE_U32(f102),
	      KSTATE_U32(f103),
	      KSTATE_U32(f104),
	      KSTATE_U32(f105),
	      KSTATE_U32(f106),
	      KSTATE_U32(f107),
	      KSTATE_U32(f108),
	      KSTATE_U32(f109),
	      KSTATE_U32(f110),
	      KSTATE_U32(f111),
	      KSTATE_U32(f112),
	      KSTATE_U32(f113),
	      KSTATE_U32(f114),
	      KSTATE_U32(f115),
	      KSTATE_U32(f116),
	      KSTATE_U32(f117),
	      KSTATE_U32(f118),
	      KSTATE_U32(f119),
	      KSTATE_U32(f120),
	      KSTATE_U32(f121),
	      KSTATE_U32(f122),
	      KSTATE_U32(f123),
	      KSTATE_U32(f124),
	      KSTATE_U32(f125),
	      KSTATE_U32(f126),
	      KSTATE_U32(f127),
	      KSTATE_U32(f128),
	      KSTATE_U32(f129),
	      KSTATE_U32(f130),
	      KSTATE_U32(f131),
	      KSTATE_U32(f132),
	      KSTATE_U32(f133),
	      KSTATE_U32(f134),
	      KSTATE_U32(f135),
	      KSTATE_U32(f136),
	      KSTATE_U32(f137),
	      KSTATE_U32(f138),
	      KSTATE_U32(f139),
	      KSTATE_U32(f140),
	      KSTATE_U32(f141),
	      KSTATE_U32(f142),
	      KSTATE_U32(f143),
	      KSTATE_U32(f144),
	      KSTATE_U32(f145),
	      KSTATE_U32(f146),
	      KSTATE_U32(f147),
	      KSTATE_U32(f148),
	      KSTATE_U32(f149),
	      KSTATE_U32(f150),
	      KSTATE_U32(f151),
	      KSTATE_U32(f152),
	      KSTATE_U32(f153),
	      KSTATE_U32(f154),
	      KSTATE_U32(f155),
	      KSTATE_U32(f156),
	      KSTATE_U32(f157),
	      KSTATE_U32(f158),
	      KSTATE_U32(f159),
	      KSTATE_U32(f160),
	      KSTATE_U32(f161),
	      KSTATE_U32(f162),
	      KSTATE_U32(f163),
	      KSTATE_U32(f164),
	      KSTATE_U32(f165),
	      KSTATE_U32(f166),
	      KSTATE_U32(f167),
	      KSTATE_U32(f168),
	      KSTATE_U32(f169),
	      KSTATE_U32(f170),
	      KSTATE_U32(f171),
	      KSTATE_U32(f172),
	      KSTATE_U32(f173),
	      KSTATE_U32(f174),
	      KSTATE_U32(f175),
	      KSTATE_U32(f176),
	      KSTATE_U32(f177),
	      KSTATE_U32(f178),
	      KSTATE_U32(f179),
	      KSTATE_U32(f180),
	      KSTATE_U32(f181),
	      KSTATE_U32(f182),
	      KSTATE_U32(f183),
	      KSTATE_U32(f184),
	      KSTATE_U32(f185),
	      KSTATE_U32(f186),
	      KSTATE_U32(f187),
	      KSTATE_U32(f188),
	      KSTATE_U32(f189),
	      KSTATE_U32(f190),
	      KSTATE_U32(f191),
	      KSTATE_U32(f192),
	      KSTATE_U32(f193),
	      KSTATE_U32(f194),
	      KSTATE_U32(f195),
	      KSTATE_U32(f196),
	      KSTATE_U32(f197),
	      KSTATE_U32(f198),
	      KSTATE_U32(f199),
	      KSTATE_U32(f200),
	      KSTATE_U32(f201),
	      KSTATE_U32(f202),
	      KSTATE_U32(f203),
	      KSTATE_U32(f204),
	      KSTATE_U32(f205),
	      KSTATE_U32(f206),
	      KSTATE_U32(f207),
	      KSTATE_U32(f208),
	      KSTATE_U32(f209),
	      KSTATE_U32(f210),
	      KSTATE_U32(f211),
	      KSTATE_U32(f212),
	      KSTATE_U32(f213),
	      KSTATE_U32(f214),
	      KSTATE_U32(f215),
	      KSTATE_U32(f216),
	      KSTATE_U32(f217),
	      KSTATE_U32(f218),
	      KSTATE_U32(f219),
	      KSTATE_U32(f220),
	      KSTATE_U32(f221),
	      KSTATE_U32(f222),
	      KSTATE_U32(f223),
	      KSTATE_U32(f224),
	      KSTATE_U32(f225),
	      KSTATE_U32(f226),
	      KSTATE_U32(f227),
	      KSTATE_U32(f228),
	      KSTATE_U32(f229),
	      KSTATE_U32(f230),
	      KSTATE_U32(f231),
	      KSTATE_U32(f232),
	      KSTATE_U32(f233),
	      KSTATE_U32(f234),
	      KSTATE_U32(f235),
	      KSTATE_U32(f236),
	      KSTATE_U32(f237),
	      KSTATE_U32(f238),
	      KSTATE_U32(f239),
	      KSTATE_U32(f240),
	      KSTATE_U32(f241),
	      KSTATE_U32(f242),
	      KSTATE_U32(f243),
	      KSTATE_U32(f244),
	      KSTATE_U32(f245),
	      KSTATE_U32(f246),
	      KSTATE_U32(f247),
	      KSTATE_U32(f248),
	      KSTATE_U32(f249),
	      KSTATE_U32(f250),
	      KSTATE_U32(f251),
	      KSTATE_U32(f252),
	      KSTATE_U32(f253),
	      KSTATE_U32(f254));

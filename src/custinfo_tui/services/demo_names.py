"""The demo customers' names: a broad UK mix, weighted as in life (services/demo_people.py).

Each list is comma-separated. "Name*4" makes a name four times as likely, "Singh/Kaur" gives
the form for men then for women, and "李=li" says how a name is spelt in an e-mail address
when it has no Latin letters to fold.
"""

from __future__ import annotations

from dataclasses import dataclass

from custinfo_tui.domain.text import fold_for_search

_ASCII_FALLBACKS = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "æ": "ae", "đ": "d", "œ": "oe"})
_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz-")

Spelling = tuple[str, str]  # (the name, its e-mail form)


def _email_form(name: str) -> str:
    """'Siobhán' -> 'siobhan', "O'Neill-Ní Bhriain" -> 'oneill-nibhriain'."""
    folded = fold_for_search(name).translate(_ASCII_FALLBACKS)
    return "".join(ch for ch in folded if ch in _SLUG_CHARACTERS).strip("-")


def _spelling(entry: str) -> Spelling:
    name, _, email_form = entry.partition("=")
    email_form = email_form or _email_form(name)
    if not email_form:
        raise ValueError(f"demo name {name!r} needs an e-mail spelling: write it as {name}=...")
    return name, email_form


def _weighted(spec: str, *, female: bool) -> tuple[Spelling, ...]:
    """Expand "Smith*3, Singh/Kaur" into a tuple with each name repeated by its weight."""
    names: list[Spelling] = []
    for item in (part.strip() for part in spec.split(",")):
        entry, _, weight = item.partition("*")
        forms = entry.split("/")
        names += [_spelling(forms[-1] if female else forms[0])] * int(weight or 1)
    return tuple(names)


@dataclass(frozen=True, slots=True)
class Heritage:
    weight: int
    female_given: tuple[Spelling, ...]
    male_given: tuple[Spelling, ...]
    female_family: tuple[Spelling, ...]
    male_family: tuple[Spelling, ...]
    borrows_english_given_names: bool


def _heritage(weight: int, female: str, male: str, family: str, *, mixes: bool) -> Heritage:
    return Heritage(
        weight,
        _weighted(female, female=True),
        _weighted(male, female=False),
        _weighted(family, female=True),
        _weighted(family, female=False),
        mixes,
    )


ENGLISH = _heritage(
    56,
    "Olivia, Amelia, Ava, Emily, Sophie, Grace, Lily, Chloe, Chloé, Jessica, Charlotte, Hannah, "
    "Lucy, Ellie, Mia, Ruby, Poppy, Evie, Freya, Holly, Megan, Rebecca, Sarah, Laura, Emma, "
    "Rachel, Helen, Claire, Karen, Susan, Julie, Tracey, Joanne, Nicola, Michelle, Margaret, "
    "Patricia, Elizabeth, Jean, Doreen, Brenda, Pauline, Janet, Mary-Jane, Anne-Marie, Zoë, "
    "Renée, Beatrice, Harriet, Imogen, Abigail, Jade, Kelly, Gemma, Danielle, Hayley, Leanne",
    "Oliver, George, Harry, Jack, Noah, Charlie, Jacob, Alfie, Freddie, Thomas, William, James, "
    "John, David, Michael, Paul, Mark, Andrew, Richard, Peter, Stephen, Robert, Christopher, "
    "Daniel, Matthew, Luke, Samuel, Joshua, Benjamin, Edward, Henry, Arthur, Leo, Kieran, Liam, "
    "Ryan, Jordan, Lewis, Nathan, Craig, Darren, Gary, Kevin, Brian, Keith, Derek, Trevor, "
    "Graham, Colin, Nigel, Barry, Jonathan, Marcus, Winston, Delroy",
    "Smith*14, Jones*7, Taylor*7, Brown*7, Williams*6, Wilson*6, Johnson*6, Davies*5, "
    "Robinson*3, Wright*3, Thompson*3, Evans*3, Walker*3, White*3, Roberts*3, Green*3, Hall*3, "
    "Wood*3, Jackson*3, Clarke*3, Harris*2, Lewis*2, Hughes*2, Edwards*2, Turner*2, Hill*2, "
    "Moore*2, Clark*2, Cooper*2, Harrison*2, Ward*2, Martin*2, King*2, Baker*2, Lee*2, Allen, "
    "Mitchell, Young, Morris, Cook, Bell, Parker, Bennett, Shaw, Cox, Marshall, Richardson, "
    "Chapman, Ellis, Webb, Fletcher, Hunt, Atkinson, Barker, Holmes, Palmer, Knight, Mason, "
    "Butler, Lawrence, Fox, Pearce, Dixon, Gibson, Ashworth, Crossley, Greenwood, Pickering, "
    "Blackburn, Francis, Bailey, Reid, Smythe, D'Arcy, Smith-Jones, Taylor-Reid, Hughes-Morgan, "
    "Ashworth-Clarke",
    mixes=False,
)
HERITAGES = (
    ENGLISH,
    _heritage(  # Scottish
        8,
        "Eilidh, Iona, Mhairi, Catriona, Kirsty, Morag, Isla, Ailsa, Fiona, Shona, Rhona, Morven",
        "Callum, Fraser, Hamish, Struan, Ruaridh, Ewan, Alasdair, Angus, Iain, Murdo, Lachlan, "
        "Euan, Duncan, Gregor",
        "MacDonald*3, Campbell*3, Stewart*3, Robertson*2, Thomson*2, Anderson*2, MacLeod*2, "
        "Murray*2, Fraser, Ross, Paterson, McKenzie, Mackay, Grant, Sinclair, Craig, Buchanan, "
        "McGregor, Henderson, Cameron, Ferguson, Drummond, Morrison, Hamilton",
        mixes=True,
    ),
    _heritage(  # Welsh
        5,
        "Siân, Cerys, Eleri, Llinos, Angharad, Ffion, Nia, Rhiannon, Bethan, Carys, Gwenllian, "
        "Mali",
        "Rhys, Dafydd, Gethin, Iwan, Owain, Gareth, Emyr, Huw, Ioan, Llŷr, Aled, Dylan, Tomos",
        "Jones*10, Williams*6, Davies*6, Evans*4, Thomas*4, Roberts*3, Hughes*3, Lewis*3, "
        "Morgan*3, Griffiths*2, Lloyd, Pritchard, Vaughan, Prosser, Bevan, Pugh, Powell, Price, "
        "Rees, Parry, Llywelyn",
        mixes=True,
    ),
    _heritage(  # Irish
        6,
        "Siobhán, Aoife, Niamh, Saoirse, Caoimhe, Orla, Róisín, Clodagh, Gráinne, Sinéad, Máire, "
        "Éabha, Ciara, Deirdre, Bríd, Aisling",
        "Seán, Ciarán, Pádraig, Oisín, Darragh, Eoin, Cillian, Tadhg, Conor, Declan, Diarmuid, "
        "Fionn, Cathal, Colm, Rónán",
        "Murphy*4, O'Neill*3, O'Brien*3, Kelly*3, O'Sullivan*2, Walsh*2, McCarthy*2, Byrne*2, "
        "Ryan*2, O'Connor*2, Doherty*2, Gallagher*2, Quinn, Kennedy, Fitzgerald, McLaughlin, "
        "Brennan, Nolan, Duffy, Flanagan, Ó Briain/Ní Bhriain, Ó Conaill/Ní Chonaill, "
        "Mac Cárthaigh/Nic Cárthaigh, Ó Súilleabháin/Ní Shúilleabháin",
        mixes=True,
    ),
    _heritage(  # Indian, Sikh and Gujarati
        5,
        "Priya, Anjali, Sunita, Simran, Harpreet, Jaspreet, Pooja, Divya, Kavita, Meera, Nisha, "
        "Asha, Neha, Shreya, Manpreet",
        "Raj, Arjun, Ravi, Sanjay, Vikram, Rohan, Gurpreet, Harjit, Amit, Rahul, Deepak, Nikhil, "
        "Sunil, Aarav, Vivek, Dev",
        "Patel*14, Singh/Kaur*6, Shah*3, Sharma*2, Kumar*2, Mistry*2, Gill*2, Parmar*2, Gupta, "
        "Chauhan, Sandhu, Dhillon, Joshi, Mehta, Desai, Pandya, D'Souza, Fernandes, Bhatt, Lal",
        mixes=True,
    ),
    _heritage(  # Pakistani and Bangladeshi
        5,
        "Aisha, Fatima, Ayesha, Zainab, Nadia, Amira, Noor, Maryam, Sana, Hira, Rukhsana, "
        "Shabana, Nasreen, Tahmina",
        "Mohammed*3, Muhammad*2, Imran, Amir, Hassan, Ali, Zain, Bilal, Usman, Tariq, Asif, "
        "Kamran, Shahid, Abdul, Rashid, Rahim",
        "Khan*12, Ahmed*6, Ali*5, Hussain*5, Rahman*3, Iqbal*2, Akhtar*2, Mahmood*2, "
        "Chowdhury*2, Miah*2, Malik*2, Islam, Uddin, Butt, Qureshi, Raza, Anwar, Siddiqui, "
        "Bashir",
        mixes=True,
    ),
    _heritage(  # Polish
        3,
        "Agnieszka, Katarzyna, Małgorzata, Zofia, Joanna, Magdalena, Aleksandra, Ewa, Anna, "
        "Natalia",
        "Piotr, Krzysztof, Tomasz, Paweł, Michał, Łukasz, Jakub, Wojciech, Marek, Grzegorz",
        "Nowak*3, Kowalski/Kowalska*2, Wiśniewski/Wiśniewska*2, Wójcik, Kowalczyk, "
        "Kamiński/Kamińska, Lewandowski/Lewandowska, Zieliński/Zielińska, "
        "Szymański/Szymańska, Woźniak, Dąbrowski/Dąbrowska, Kozłowski/Kozłowska, Mazur, "
        "Krawczyk, Grabowski/Grabowska",
        mixes=True,
    ),
    _heritage(  # Nigerian and Ghanaian
        3,
        "Ngozi, Chiamaka, Folake, Funmilayo, Ifeoma, Yetunde, Adaeze, Nkechi, Amaka, Temitope, "
        "Abena, Akosua, Efua, Adwoa, Blessing, Precious",
        "Chinedu, Oluwaseun, Adebayo, Emeka, Tunde, Obinna, Chidi, Kehinde, Babajide, Uche, "
        "Kwame, Kofi, Kwabena, Femi, Olumide, Segun",
        "Okafor*2, Adeyemi*2, Okonkwo, Adebayo, Eze, Nwosu, Olawale, Balogun, Ogunleye, Okoro, "
        "Afolabi, Obi, Chukwu, Ogundipe, Ibekwe, Adeleke, Mensah*2, Owusu*2, Boateng, Asante",
        mixes=True,
    ),
    _heritage(  # Chinese, in Latin letters
        2,
        "Mei Ling, Wing Yan, Hui Min, Xin Yi, Jia Hui, Li Na, Yan, Ying",
        "Ka Ming, Siu Fung, Wei, Jun, Hao, Ming, Chi Keung, Zhi Hao, Kin Wah",
        "Chan*3, Wong*3, Li*2, Wang*2, Chen*2, Cheung*2, Ng*2, Zhang, Liu, Lam, Lau, Leung, "
        "Yang, Huang, Zhou, Ho, Tang, Yip",
        mixes=True,
    ),
    _heritage(  # Chinese, in Han characters
        1,
        "美玲=meiling, 嘉欣=jiaxin, 秀英=xiuying, 麗華=lihua, 詩涵=shihan, 雨桐=yutong",
        "小龍=xiaolong, 志明=zhiming, 建華=jianhua, 偉=wei, 浩然=haoran, 子軒=zixuan",
        "李=li*3, 王=wang*3, 張=zhang*2, 陳=chen*2, 劉=liu, 黃=huang, 林=lin, 吳=wu, 周=zhou, "
        "何=he",
        mixes=False,
    ),
    _heritage(  # Romanian, Portuguese, Spanish, Italian, French, German
        4,
        "María, Inês, Giulia, Chloé, Renée, Ioana, Elena, Ana, Sofía, Camille, Francesca, "
        "Andreea, Beatriz, Lucía, Marta",
        "José, João, Luca, Andrei, Mihai, Alejandro, Pedro, Matteo, Antoine, Jean-Paul, "
        "Gheorghe, Nuno, Tiago, Marco, Stefan",
        "Popescu*2, Silva*2, Santos*2, García, Fernández, Rossi, Bianchi, Dubois, Ionescu, "
        "Rodrigues, Pereira, Ferreira, Costa, Romano, Moreau, Martínez, López, Gonçalves, "
        "Constantin, Dumitru, Müller, Schmidt",
        mixes=True,
    ),
    _heritage(  # Turkish, Kurdish, Arab and Somali
        2,
        "Leyla, Elif, Mariam, Yasmin, Hodan, Amina, Zeynep, Layla, Ayan, Hawa",
        "Omar, Yusuf, Mehmet, Ahmet, Abdi, Karim, Mustafa, Emre, Khalid, Ibrahim",
        "Yılmaz, Demir, Kaya, Çelik, Şahin, Aydın, Öztürk, Hassan*2, Mohamed*2, Abdullah, "
        "Farah, Warsame, Haddad, Aziz, Osman, Jama",
        mixes=True,
    ),
)
HERITAGES_BY_WEIGHT = tuple(h for h in HERITAGES for _ in range(h.weight))
